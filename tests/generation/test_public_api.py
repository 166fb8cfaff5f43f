"""The bench measures through the backends' and the pipeline's public API, never their insides."""

import ast
from pathlib import Path

from copydesk.generation.pipeline import DraftPipeline, GenerationRequest

BENCH = Path(__file__).resolve().parents[2] / "bench"
REQUEST = GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=3, seed=7)
SMS = "body: Earn {points} on everyday spending with the {name}.\ncta: Apply in the app."


def test_no_bench_script_touches_another_objects_private_members():
    touched = []
    for path in sorted(BENCH.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            private = isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
            if private and not (isinstance(node.value, ast.Name) and node.value.id == "self"):
                touched.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert not touched, touched


def test_generate_is_the_model_drafts_ranked_with_the_templates(pipeline, fake_backend):
    fake_backend.answers = [SMS] * 3
    model_drafts = pipeline.model_drafts(REQUEST)
    assert len(model_drafts) == 3 and {d.backend for d in model_drafts} == {"fake"}
    in_two_steps = pipeline.rank_with_templates(REQUEST, model_drafts)
    fake_backend.answers = [SMS] * 3
    assert [d.text for d in pipeline.generate(REQUEST)] == [d.text for d in in_two_steps]


def test_no_model_drafts_where_the_model_does_not_write_the_language(catalog, engine, fake_backend):
    pipeline = DraftPipeline(catalog, engine, fake_backend, model_languages=("zh",))
    assert pipeline.model_drafts(REQUEST) == [] and not fake_backend.prompts
    assert len(pipeline.rank_with_templates(REQUEST, [])) == REQUEST.n
