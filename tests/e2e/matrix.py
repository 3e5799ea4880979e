"""The answer sets the end-to-end tests render and run: together they use every choice.

Pure data (no NumPy) so that a fast unit test can check the coverage.
Each case: `data` names a writer in `datasets.py` and its arguments; `answers` are the
`kgen new` answers, with `data_path` filled in by the test.
"""

from __future__ import annotations

CASES: dict[str, dict] = {
    "image-rgb-multiclass": {
        "data": ("image_folders", {"classes": 3, "size": (16, 16), "channels": 3}),
        "answers": {
            "task": "image_multiclass",
            "data_source": "image_folders",
            "num_classes": 3,
            "image_height": 16,
            "image_width": 16,
            "channels": 3,
            "blocks": [
                "conv:filters=8",
                "residual:filters=16,strides=2",
                "inception:filters=4,merge=average",
                "dense:units=16",
            ],
            "loss": "sparse_categorical_crossentropy",
            "metrics": ["accuracy"],
            "optimizer": "adam",
            "schedule": "constant",
        },
    },
    "image-gray-binary-small": {
        "data": ("image_folders", {"classes": 2, "size": (12, 10), "channels": 1}),
        "answers": {
            "task": "image_binary",
            "data_source": "image_folders",
            "image_height": 12,
            "image_width": 10,
            "channels": 1,
            "preprocessing": "rescale",
            "blocks": ["dense_block:num_layers=2,growth_rate=4", "inception:filters=4,merge=add", "dense:units=8"],
            "loss": "binary_focal_crossentropy",
            "metrics": ["accuracy", "auc", "precision", "recall", "f1"],
            "optimizer": "sgd",
            "momentum": 0.9,
            "nesterov": True,
            "schedule": "step_decay",
            "decay_every": 2,
        },
    },
    "image-npz-one-hot": {
        "data": ("arrays_npz", {"shape": (8, 8), "kind": "multiclass"}),
        "answers": {
            "task": "image_multiclass",
            "data_source": "npz",
            "num_classes": 3,
            "image_height": 8,
            "image_width": 8,
            "channels": 1,
            "blocks": ["inception:filters=4,merge=maximum", "conv:filters=8,pool=false", "inception:filters=4"],
            "loss": "categorical_crossentropy",
            "metrics": ["accuracy", "auc", "precision", "recall", "f1"],
            "optimizer": "adamw",
            "weight_decay": 0.01,
            "schedule": "cosine",
        },
    },
    "text-folders-binary": {
        "data": ("text_folders", {"classes": 2}),
        "answers": {
            "task": "text_binary",
            "data_source": "text_folders",
            "sequence_length": 24,
            "blocks": [
                "embedding:dim=16",
                "conv1d:filters=16,kernel_size=3",
                "recurrent:cell=gru,units=8,bidirectional=true",
                "recurrent:units=8",
                "dense:units=8",
            ],
            "loss": "binary_crossentropy",
            "metrics": ["accuracy", "auc"],
        },
    },
    "text-csv-multiclass": {
        "data": ("text_csv", {"target": "topic", "kind": "multiclass", "text": "review, text"}),
        "answers": {
            "task": "text_multiclass",
            "data_source": "text_csv",
            "text_column": "review, text",
            "target_column": "topic",
            "num_classes": 3,
            "standardize": "lower",
            "blocks": ["embedding:dim=16", "transformer:heads=2,dim=8,ff_dim=16", "conv1d:filters=8,pool=false"],
            "loss": "sparse_categorical_crossentropy",
            "metrics": ["accuracy"],
        },
    },
    "csv-binary": {
        "data": ("table_csv", {"target": "label?", "kind": "binary"}),
        "answers": {
            "task": "tabular_binary",
            "data_source": "csv",
            "target_column": "label?",
            "blocks": ["dense:units=16,dropout=0.1", "dense:units=8"],
            "loss": "binary_crossentropy",
            "metrics": ["accuracy", "auc"],
            "optimizer": "rmsprop",
        },
    },
    "csv-multiclass-focal": {
        "data": ("table_csv", {"target": "species", "kind": "multiclass"}),
        "answers": {
            "task": "tabular_multiclass",
            "data_source": "csv",
            "target_column": "species",
            "num_classes": 3,
            "blocks": ["dense:units=16"],
            "loss": "categorical_focal_crossentropy",
            "metrics": ["accuracy", "f1"],
            "optimizer": "nadam",
        },
    },
    "csv-mixed-columns": {
        "data": ("table_csv", {"target": "species", "kind": "multiclass", "mixed": True}),
        "answers": {
            "task": "tabular_multiclass",
            "data_source": "csv",
            "target_column": "species",
            "num_classes": 3,
            "blocks": ["dense:units=16"],
            "loss": "sparse_categorical_crossentropy",
            "metrics": ["accuracy"],
        },
    },
    "csv-multilabel": {
        "data": ("labels_csv", {"labels": ["is red", "round?", "large"]}),
        "answers": {
            "task": "tabular_multilabel",
            "data_source": "csv",
            "target_columns": ["is red", "round?", "large"],
            "blocks": ["dense:units=16"],
            "loss": "binary_crossentropy",
            "metrics": ["accuracy", "auc", "precision", "recall", "f1"],
            "optimizer": "sgd",
        },
    },
    "csv-multi-output": {
        "data": ("table_csv", {"target": "species", "kind": "multiclass", "mixed": True}),
        "answers": {
            "task": "tabular_multi_output",
            "data_source": "csv",
            "target_columns": ["ratio-%", "species"],
            "class_targets": {"species": 3},
            "loss_weights": {"ratio-%": 0.5},
            "blocks": ["dense:units=16"],
            "optimizer": "adam",
        },
    },
    "csv-regression-charbonnier": {
        "data": ("table_csv", {"target": "price ($)", "kind": "continuous"}),
        "answers": {
            "task": "tabular_regression",
            "data_source": "csv",
            "target_column": "price ($)",
            "blocks": ["dense:units=16", "dense:units=8"],
            "loss": "charbonnier",
            "metrics": ["mae", "rmse", "psnr"],
            "optimizer": "lion",
            "learning_rate": 0.0003,
            "schedule": "cosine",
        },
    },
    "npz-regression-huber": {
        "data": ("arrays_npz", {"shape": (5,), "kind": "continuous"}),
        "answers": {
            "task": "tabular_regression",
            "data_source": "npz",
            "num_features": 5,
            "blocks": ["dense:units=16"],
            "loss": "huber",
            "metrics": ["mae"],
            "optimizer": "adagrad",
            "learning_rate": 0.05,
            "schedule": "step_decay",
            "decay_every": 3,
        },
    },
    "csv-regression-msle": {
        "data": ("table_csv", {"target": "y", "kind": "continuous"}),
        "answers": {
            "task": "tabular_regression",
            "data_source": "csv",
            "target_column": "y",
            "blocks": ["dense:units=8"],
            "loss": "mean_squared_logarithmic_error",
            "metrics": ["rmse"],
        },
    },
    "csv-regression-mse": {
        "data": ("table_csv", {"target": "y", "kind": "continuous"}),
        "answers": {
            "task": "tabular_regression",
            "data_source": "csv",
            "target_column": "y",
            "loss": "mean_squared_error",
        },
    },
    "csv-regression-mae": {
        "data": ("table_csv", {"target": "y", "kind": "continuous"}),
        "answers": {
            "task": "tabular_regression",
            "data_source": "csv",
            "target_column": "y",
            "loss": "mean_absolute_error",
        },
    },
}
