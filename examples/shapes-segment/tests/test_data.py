"""The loader, on real images and their class masks written by the fixtures."""

import numpy as np
import pytest
import tensorflow as tf

from shapes_segment.data import make_datasets


def _all(dataset, part):
    """One part of every example, concatenated: the targets, or the first input column."""
    return np.concatenate([tf.nest.flatten(example[part])[0].numpy() for example in dataset])


def test_batches_pair_inputs_with_targets(config, batch):
    sizes = {len(array) for array in tf.nest.flatten(batch)}  # every input column and target
    assert len(sizes) == 1 and 1 <= sizes.pop() <= config.data.batch_size


def test_masks_are_class_indices_shaped_like_the_model_output(config, batch):
    from shapes_segment.model import build_model

    inputs, masks = batch
    assert masks.shape + (config.model.num_classes,) == build_model(config.model).predict(inputs, verbose=0).shape
    assert masks.dtype == "int32" and 0 <= masks.min() and masks.max() < config.model.num_classes


def test_a_mask_is_read_as_its_class_indices(config, data_path, labelled):
    from shapes_segment.data import load_target

    names, _, masks = labelled
    mask = sorted((data_path / "masks").glob(f"{names[0]}.*"))[0]
    np.testing.assert_array_equal(load_target(str(mask), config.data).numpy(), masks[0])


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_files_that_do_not_decode_are_skipped_with_a_warning_naming_them(config, data_path, labelled):
    from shapes_segment.data import load_examples

    files = sorted(data_path.rglob("*.png"))
    for file in (files[0], files[-1]):  # an input and a target, or two images
        file.write_bytes(file.read_bytes()[:40])  # cut short, as an interrupted copy leaves it
    with pytest.warns(UserWarning) as caught:
        examples = load_examples(data_path, config.data)
    warned = " ".join(str(warning.message) for warning in caught)
    assert str(files[0]) in warned and str(files[-1]) in warned
    assert {len(paths) for paths in tf.nest.flatten(examples)} == {len(labelled[0]) - 2}  # inputs and targets


def test_training_crops_take_the_same_place_of_image_and_mask(config, batch, data_path, labelled):
    """Each image crop is found in its image, and its mask crop is that mask's pixels at the same place."""
    names, images, masks = labelled
    inputs, targets = batch
    pixels = np.asarray(inputs)
    for crop, mask_crop in zip(pixels, targets, strict=True):
        for image, mask in zip(images / 255, masks, strict=True):
            windows = np.lib.stride_tricks.sliding_window_view(image, crop.shape)
            found = np.argwhere(np.all(np.abs(windows - crop) < 1e-6, axis=(-3, -2, -1)))
            if len(found):
                top, left = found[0][:2]
                np.testing.assert_array_equal(mask_crop, mask[top : top + crop.shape[0], left : left + crop.shape[1]])
                break
        else:
            raise AssertionError("an image crop is in no image")


def test_an_image_without_a_mask_is_refused_naming_it(config, data_path):
    (data_path / "images" / "stray.png").write_bytes(sorted((data_path / "images").glob("*.png"))[0].read_bytes())
    with pytest.raises(ValueError, match="stray"):
        make_datasets(config.data)


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_crops_change_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert first.shape == second.shape and not np.array_equal(first, second)
