"""A deterministic stand-in model for fast tests of everything above the backend."""

from __future__ import annotations

import random
import time

from copydesk.generation.backend import Cancelled, CancelToken, Completion, CompletionSettings, TokenCallback


# One answer in slot form with a line for every part of every channel: the pipeline keeps the
# lines its channel's format names.
SLOT_FORM_ANSWER = "\n".join([
    "subject: A card that keeps up with you",
    "preheader: Everyday spending, rewarded.",
    "greeting: Hi there,",
    "title: Rewards for everyday spending",
    "headline: Earn {points}",
    "hook: Your coffee run could be earning you something.",
    "body: Earn {points} with the {name}.",
    "body: It is easy to manage in the app.",
    "cta: Apply in the app.",
])


class FakeBackend:
    """Answers from a queue, or picks from `pool` by seed; streams word by word; honours cancel."""

    name = "fake"

    def __init__(self, answers: list[str] | None = None, pool: list[str] | None = None, model_id: str = "fake-model"):
        self.answers = list(answers or [])
        self.pool = list(pool or [SLOT_FORM_ANSWER])
        self._model_id = model_id
        self.prompts: list[list[str]] = []  # what the pipeline asked, for assertions
        self.warm_ups: list[list[str]] = []  # one-token requests (pipeline.warm_up), kept apart
        self.settings: list[CompletionSettings] = []  # each drafting call's settings (banned phrases…)
        self.loaded = False

    @property
    def model_id(self) -> str:
        return self._model_id

    def load(self) -> None:
        self.loaded = True

    def complete(self, prompts, settings: CompletionSettings, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> list[Completion]:
        if settings.max_new_tokens <= 1:
            # A warm-up: a real model would only compute the prompt. It consumes no queued
            # answer, so a background warm-up never changes what a test's Generate gets.
            self.warm_ups.append(list(prompts))
            return [Completion("", None, 0.0, 0) for _ in prompts]
        self.prompts.append(list(prompts))
        self.settings.append(settings)
        rng = random.Random(settings.seed)
        started = time.perf_counter()
        results = []
        for index, _ in enumerate(prompts):
            text = self.answers.pop(0) if self.answers else rng.choice(self.pool)
            so_far = ""
            for word in text.split(" "):
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                so_far = f"{so_far} {word}" if so_far else word
                if on_token:
                    on_token(index, so_far)
            results.append(Completion(text, 0.0, time.perf_counter() - started, len(text.split())))
        return results
