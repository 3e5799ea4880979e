"""The loader, on real a folder of images written by the fixtures."""

import numpy as np
import pytest
import tensorflow as tf

from photo_upscale.data import make_datasets


def _all(dataset, part):
    """One part of every example, concatenated: the targets, or the first input column."""
    return np.concatenate([tf.nest.flatten(example[part])[0].numpy() for example in dataset])


def test_batches_pair_inputs_with_targets(config, batch):
    sizes = {len(array) for array in tf.nest.flatten(batch)}  # every input column and target
    assert len(sizes) == 1 and 1 <= sizes.pop() <= config.data.batch_size


def test_targets_are_images_in_the_unit_interval_shaped_like_the_model_output(config, batch):
    from photo_upscale.model import build_model

    inputs, targets = batch
    assert targets.shape == build_model(config.model).predict(inputs, verbose=0).shape
    assert targets.dtype == "float32" and 0.0 <= targets.min() and targets.max() <= 1.0


def test_an_image_is_read_as_its_values_over_255(config, data_path, labelled):
    from photo_upscale.data import load_image

    names, images = labelled
    target = sorted((data_path).glob(f"{names[0]}.*"))[0]
    np.testing.assert_allclose(load_image(str(target), config.data).numpy(), images[0] / 255, atol=1e-6)


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_files_that_do_not_decode_are_skipped_with_a_warning_naming_them(config, data_path, labelled):
    from photo_upscale.data import load_examples

    files = sorted(data_path.rglob("*.png"))
    for file in (files[0], files[-1]):  # an input and a target, or two images
        file.write_bytes(file.read_bytes()[:40])  # cut short, as an interrupted copy leaves it
    with pytest.warns(UserWarning) as caught:
        examples = load_examples(data_path, config.data)
    warned = " ".join(str(warning.message) for warning in caught)
    assert str(files[0]) in warned and str(files[-1]) in warned
    assert {len(paths) for paths in tf.nest.flatten(examples)} == {len(labelled[0]) - 2}  # inputs and targets


def test_validation_inputs_are_the_same_every_epoch(config):
    validation = make_datasets(config.data).validation
    np.testing.assert_array_equal(_all(validation, 0), _all(validation, 0))


def test_each_training_input_is_its_target_crop_made_smaller(config, batch):
    inputs, targets = batch
    assert targets.shape[1:3] == (config.data.patch_size, config.data.patch_size)
    size = np.array(targets.shape[1:3]) // config.data.scale
    smaller = tf.image.resize(targets, size, method=config.data.downscale, antialias=True)
    np.testing.assert_allclose(inputs, np.clip(smaller, 0.0, 1.0), atol=1e-5)


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_crops_change_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert first.shape == second.shape and not np.array_equal(first, second)
