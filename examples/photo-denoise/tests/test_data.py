"""The loader, on real paired input and target images written by the fixtures."""

import numpy as np
import pytest
import tensorflow as tf

from photo_denoise.data import make_datasets


def _all(dataset, part):
    """One part of every example, concatenated: the targets, or the first input column."""
    return np.concatenate([tf.nest.flatten(example[part])[0].numpy() for example in dataset])


def test_batches_pair_inputs_with_targets(config, batch):
    sizes = {len(array) for array in tf.nest.flatten(batch)}  # every input column and target
    assert len(sizes) == 1 and 1 <= sizes.pop() <= config.data.batch_size


def test_targets_are_images_in_the_unit_interval_shaped_like_the_model_output(config, batch):
    from photo_denoise.model import build_model

    inputs, targets = batch
    assert targets.shape == build_model(config.model).predict(inputs, verbose=0).shape
    assert targets.dtype == "float32" and 0.0 <= targets.min() and targets.max() <= 1.0


def test_an_image_is_read_as_its_values_over_255(config, data_path, labelled):
    from photo_denoise.data import load_image

    names, images = labelled
    target = sorted((data_path / config.data.target_folder).glob(f"{names[0]}.*"))[0]
    np.testing.assert_allclose(load_image(str(target), config.data).numpy(), images[0] / 255, atol=1e-6)


def test_every_example_is_in_exactly_one_split(config, labelled):
    datasets = make_datasets(config.data)
    sizes = [len(_all(split, 1)) for split in (datasets.train, datasets.validation, datasets.test)]
    assert sum(sizes) == len(labelled[0])
    assert min(sizes) >= 1


def test_files_that_do_not_decode_are_skipped_with_a_warning_naming_them(config, data_path, labelled):
    from photo_denoise.data import load_examples

    files = sorted(data_path.rglob("*.png"))
    for file in (files[0], files[-1]):  # an input and a target, or two images
        file.write_bytes(file.read_bytes()[:40])  # cut short, as an interrupted copy leaves it
    with pytest.warns(UserWarning) as caught:
        examples = load_examples(data_path, config.data)
    warned = " ".join(str(warning.message) for warning in caught)
    assert str(files[0]) in warned and str(files[-1]) in warned
    assert {len(paths) for paths in tf.nest.flatten(examples)} == {len(labelled[0]) - 2}  # inputs and targets


def test_training_crops_take_the_same_place_of_input_and_target(config, batch):
    """Each target crop is found in its target image; the input crop holds the input image's pixels under it."""
    from photo_denoise.data import load_examples, load_image

    paths = zip(*load_examples(config.data.path, config.data), strict=True)
    pairs = [tuple(load_image(path, config.data).numpy() for path in pair) for pair in paths]
    inputs, targets = batch
    for crop, target_crop in zip(inputs, targets, strict=True):
        image, top, left = _find(target_crop, pairs)
        scale = target_crop.shape[0] // crop.shape[0]
        assert top % scale == 0 and left % scale == 0
        top, left = top // scale, left // scale
        np.testing.assert_array_equal(crop, image[top : top + crop.shape[0], left : left + crop.shape[1]])


def _find(crop, pairs):
    """The input image of the pair whose target holds `crop`, and where the crop starts in the target."""
    for image, target in pairs:
        windows = np.lib.stride_tricks.sliding_window_view(target, crop.shape)
        found = np.argwhere(np.all(windows == crop, axis=(-3, -2, -1)))
        if len(found):
            return image, found[0][0], found[0][1]
    raise AssertionError("a target crop is in no target image")


def test_an_input_without_a_target_is_refused_naming_it(config, data_path):
    inputs = data_path / config.data.input_folder
    (inputs / "stray.png").write_bytes(sorted(inputs.glob("*.png"))[0].read_bytes())
    with pytest.raises(ValueError, match="stray"):
        make_datasets(config.data)


def test_other_files_are_read_whole_as_the_test_split(config, data_path, labelled):
    datasets = make_datasets(config.data, test_path=data_path)
    assert len(_all(datasets.test, 1)) == len(labelled[0])


def test_training_crops_change_between_epochs(config):
    train = make_datasets(config.data).train
    first, second = _all(train, 1), _all(train, 1)
    assert first.shape == second.shape and not np.array_equal(first, second)
