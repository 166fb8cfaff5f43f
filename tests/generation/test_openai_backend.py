"""The opt-in intranet backend against a small OpenAI-compatible stub server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from copydesk.generation.backend import CompletionSettings
from copydesk.generation.factory import make_backend
from copydesk.generation.models import ModelError
from copydesk.generation.openai_backend import OpenAICompatibleBackend, parse_setting
from copydesk.generation.pipeline import DraftPipeline, GenerationRequest

# The server writes slot-form parts like the local model; the pipeline fills {points} from the facts.
ANSWER = "body: Earn {points} on every purchase with the {name}.\ncta: Apply in the app."


class StubServer(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StubServer.requests.append({"path": self.path, **body})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in ANSWER.split(" "):
            chunk = {"choices": [{"index": 0, "text": word + " "}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    StubServer.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), StubServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_the_setting_names_server_and_model():
    assert parse_setting("openai:http://10.1.2.3:8080/v1#qwen2.5-7b") == ("http://10.1.2.3:8080/v1", "qwen2.5-7b")
    with pytest.raises(ModelError, match="expected openai:http://HOST:PORT/v1#MODEL"):
        parse_setting("openai:ftp://x")


def test_streams_each_draft_and_sends_the_settings(server):
    backend, languages = make_backend(f"openai:{server}#bank-llm")
    assert isinstance(backend, OpenAICompatibleBackend) and languages == ("en", "zh")
    streamed = []
    completions = backend.complete(["Ad one:", "Ad two:"], CompletionSettings(seed=5, max_new_tokens=40),
                                   on_token=lambda i, text: streamed.append(i))
    assert [c.text.strip() for c in completions] == [ANSWER, ANSWER]
    assert sorted(set(streamed)) == [0, 1] and all(c.first_token_s is not None for c in completions)
    sent = sorted(StubServer.requests, key=lambda r: r["prompt"])
    assert [r["path"] for r in sent] == ["/v1/completions"] * 2
    assert sent[0]["model"] == "bank-llm" and sent[0]["max_tokens"] == 40 and sent[0]["stop"] == ["\n"]
    assert {r["seed"] for r in sent} == {5, 6}


def test_drafts_from_the_server_are_checked_like_any_other(server, catalog, engine):
    backend, languages = make_backend(f"openai:{server}#bank-llm")
    drafts = DraftPipeline(catalog, engine, backend, model_languages=languages).generate(
        GenerationRequest("rewards-card", "new-graduates", "sms", "en", n=2))
    served = [d for d in drafts if d.backend == "openai"]
    assert len(drafts) == 2 and served and served[0].verdict == "pass"
    assert served[0].model.startswith("bank-llm@127.0.0.1:")


def test_a_server_that_does_not_answer_gives_a_clear_error():
    backend = OpenAICompatibleBackend("http://127.0.0.1:9/v1", "m", timeout_s=2)
    with pytest.raises(ModelError, match="did not answer.*Admin → Model"):
        backend.complete(["x"], CompletionSettings())


def test_models_list_and_verify_describe_the_server(server, capsys):
    from copydesk.cli import main

    assert main(["models", "list", "--model", f"openai:{server}#bank-llm", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["url"] == server and listed["model"] == "bank-llm"
    assert main(["models", "verify", "--model", f"openai:{server}#bank-llm", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_proxy_variables_are_ignored_and_only_the_configured_host_is_reached(server, monkeypatch):
    # A proxy that would swallow the request: if copydesk honoured it, the call would fail.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    backend, _ = make_backend(f"openai:{server}#bank-llm")
    completions = backend.complete(["Ad:"], CompletionSettings(seed=1, max_new_tokens=20))
    assert "Earn" in completions[0].text and StubServer.requests


class RedirectingServer(BaseHTTPRequestHandler):
    def do_POST(self):
        self.send_response(307)
        self.send_header("Location", "http://198.51.100.7/v1/completions")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_redirect_to_another_host_is_refused():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RedirectingServer)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        backend, _ = make_backend(f"openai:http://127.0.0.1:{httpd.server_address[1]}/v1#m")
        with pytest.raises(ModelError, match="only talks to the configured host|redirect"):
            backend.complete(["Ad:"], CompletionSettings(seed=1, max_new_tokens=5))
    finally:
        httpd.shutdown()
        httpd.server_close()
