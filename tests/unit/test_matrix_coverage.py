"""The end-to-end matrix uses every choice the catalog offers at least once."""

from kgen import catalog
from kgen.questions import BY_KEY
from tests.e2e.matrix import CASES


def _used(key: str) -> set:
    values = set()
    for case in CASES.values():
        answers = case["answers"]
        value = answers.get(key, BY_KEY[key].default_for(answers) if key != "metrics" else [])
        values.update(value if isinstance(value, list) else [value])
    return values


def test_every_task_loss_metric_optimizer_schedule_data_source_and_stem_is_rendered_and_run():
    assert _used("task") == set(catalog.TASKS)
    assert _used("loss") == set(catalog.LOSSES)
    assert _used("metrics") == set(catalog.METRICS)
    assert _used("optimizer") == set(catalog.OPTIMIZERS)
    assert _used("schedule") == set(catalog.SCHEDULES)
    assert _used("data_source") == set(catalog.DATA_SOURCES)
    stems = set()
    for case in CASES.values():
        answers = case["answers"]
        if BY_KEY["preprocessing"].asked(answers):
            stems.add(answers.get("preprocessing", BY_KEY["preprocessing"].default))
        else:
            stems.add(catalog.DATA_SOURCES[answers["data_source"]].stem)
    assert stems == set(catalog.STEMS)


def test_every_block_and_every_block_choice_is_rendered_and_run():
    specs = [block for case in CASES.values() for block in case["answers"].get("blocks", ["dense"])]
    assert {spec.partition(":")[0] for spec in specs} == set(catalog.BLOCKS)
    merges = {
        "concatenate" if "merge=" not in spec else spec.split("merge=")[1]
        for spec in specs
        if spec.startswith("inception")
    }
    assert merges == set(catalog.BLOCKS["inception"].params[1].choices)
