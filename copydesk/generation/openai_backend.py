"""A model served on the bank's intranet (llama.cpp server, vLLM, Ollama) through the
OpenAI-compatible completions API. Off by default: it is used only when IT sets the model
setting to `openai:http://host:port/v1#model-name`. The standard library does the HTTP, the
server is never asked to run anything but a completion, and nothing goes beyond that URL.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

from copydesk.generation.backend import Cancelled, CancelToken, Completion, CompletionSettings, TokenCallback
from copydesk.generation.models import ModelError


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"the server redirected to {newurl}; copydesk only talks to the "
                                     "configured host", headers, fp)


# No proxy from the environment (HTTP_PROXY, ALL_PROXY …: whatever a process was started with)
# and no redirects: requests go to the host IT configured and nowhere else.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _RefuseRedirects)

PREFIX = "openai:"


def parse_setting(setting: str) -> tuple[str, str]:
    """'openai:http://10.1.2.3:8080/v1#qwen2.5-7b' -> (base URL, model name)."""
    url, _, model = setting[len(PREFIX):].partition("#")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ModelError(f"{setting}: expected openai:http://HOST:PORT/v1#MODEL (an inference server on the bank's network)")
    return url.rstrip("/"), model or "default"


class OpenAICompatibleBackend:
    """Completions from an inference server; one streamed request per draft, all at once."""

    name = "openai"

    def __init__(self, base_url: str, model: str, timeout_s: float = 60.0):
        self.base_url = base_url
        self.model = model
        self.timeout_s = timeout_s

    @property
    def model_id(self) -> str:
        return f"{self.model}@{urlparse(self.base_url).netloc}"

    def load(self) -> None:
        """Nothing to load here; the server holds the weights."""

    def complete(self, prompts: list[str], settings: CompletionSettings, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> list[Completion]:
        results: list[Completion | BaseException | None] = [None] * len(prompts)

        def run(index: int, prompt: str) -> None:
            try:
                results[index] = self._stream(index, prompt, settings, on_token, cancel)
            except BaseException as exc:  # handed to the caller's thread below
                results[index] = exc

        # The server batches concurrent requests itself (continuous batching in vLLM/llama.cpp).
        threads = [threading.Thread(target=run, args=(i, p), daemon=True) for i, p in enumerate(prompts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return list(results)

    def _stream(self, index, prompt, settings: CompletionSettings, on_token, cancel) -> Completion:
        body = {"model": self.model, "prompt": prompt, "max_tokens": settings.max_new_tokens,
                "temperature": settings.temperature, "top_p": settings.top_p, "seed": settings.seed + index,
                "stream": True}
        if settings.stop_at_newline:
            body["stop"] = ["\n"]
        request = urllib.request.Request(f"{self.base_url}/completions", data=json.dumps(body).encode("utf-8"),
                                         headers={"Content-Type": "application/json"}, method="POST")
        started = time.perf_counter()
        first_token_s = None
        text, tokens = "", 0
        try:
            with _OPENER.open(request, timeout=self.timeout_s) as response:
                for raw in response:
                    if cancel is not None and cancel.cancelled:
                        break  # closing the response ends the request on the server
                    line = raw.decode("utf-8").strip()
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    piece = json.loads(data)["choices"][0].get("text", "")
                    if piece:
                        first_token_s = first_token_s if first_token_s is not None else time.perf_counter() - started
                        text += piece
                        tokens += 1
                        if on_token is not None:
                            on_token(index, text)
        except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
            raise ModelError(f"{self.base_url}: the inference server did not answer ({exc}); "
                             "check the server, or switch to the local model in Admin → Model") from exc
        return Completion(text, first_token_s, time.perf_counter() - started, tokens)
