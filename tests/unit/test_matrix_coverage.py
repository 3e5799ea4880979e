"""The end-to-end matrix uses every choice the catalog offers at least once."""

from kgen import catalog
from kgen.questions import BY_KEY, QUESTIONS
from kgen.spec import FROM_DATA
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


def test_every_choice_of_a_choice_question_is_rendered_and_run():
    """Answers left out take the question's default, which counts as used where the question is asked.

    Choices that the data decides (`spec.FROM_DATA`, such as the delimiter) are left to the data sets.
    """
    for question in QUESTIONS:
        fixed = question.choices is not None and question.choices.key is None
        if question.kind != "choice" or not fixed or question.key in FROM_DATA:
            continue
        used = {
            case["answers"].get(question.key, question.default)
            for case in CASES.values()
            if question.asked(case["answers"])
        }
        assert used == set(question.choices.entries), question.key


def test_every_backend_precision_and_distribution_is_rendered_and_run():
    """Each backend trains at least once with data parallelism where it can, and once in mixed precision."""
    assert _used("backend") == set(catalog.BACKENDS)
    assert _used("precision") == set(catalog.PRECISIONS)
    assert _used("distribution") == set(catalog.DISTRIBUTIONS)
    pairs = {
        (case["answers"].get("backend", "tensorflow"), case["answers"].get("distribution")) for case in CASES.values()
    }
    assert {backend for backend, distribution in pairs if distribution == "data_parallel"} == {
        name for name in catalog.BACKENDS if name in catalog.DISTRIBUTIONS["data_parallel"].backends
    }
    mixed = {
        case["answers"].get("backend", "tensorflow")
        for case in CASES.values()
        if "mixed" in case["answers"].get("precision", "")
    }
    assert mixed == set(catalog.BACKENDS)
