"""Train the house copy adapter: a LoRA on the local model, learnt from ads in slot form (the
corpus in assets/corpus/, or the library's approved copy mapped back to its facts).

Each ad becomes one example: the prompt the pipeline would render for its plan
(templates/prompts/slots.j2) and, as the target, its parts as labelled lines, then the end of
text. Only the target's tokens are learnt. A tenth of the ads (chosen by a hash of their source,
so the same ones every run) is held back to measure the loss before and after.

`make train-model` runs `python -m copydesk.generation.training` on the corpus; Admin → Model →
"Learn from approved copy" and `copydesk model train --from-library` call `train` too.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from copydesk.generation.compose import serialize_parts
from copydesk.generation.corpus import CorpusAd, load_all
from copydesk.generation.formats import channel_format, find_slots
from copydesk.generation.plan import Plan, segment_needs, shown_facts
from copydesk.generation.prompts import render

PROMPT_TEMPLATE = "prompts/slots.j2"
MAX_HELD_BACK = 40  # examples measured before and after (each costs a forward pass)
TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


@dataclass(frozen=True)
class Example:
    prompt: str
    target: str
    lang: str
    channel: str
    source: str

    @property
    def held_back(self) -> bool:
        """One in ten, by a hash of its source: the same ads are held back every run."""
        return int(hashlib.sha256(self.source.encode()).hexdigest(), 16) % 10 == 0


@dataclass(frozen=True)
class TrainingSettings:
    epochs: int = 1
    learning_rate: float = 5e-4
    rank: int = 16
    alpha: int = 16
    first_layer: int = 6  # LoRA on this layer and above: backward stops there (the lower layers read, the upper write)
    batch_size: int = 8
    seed: int = 1234
    threads: int = 0  # 0: every core


class FolderModel:
    """A model folder on disk (config.json, safetensors, tokenizer.json) as train() needs it,
    without loading the decoder that runs drafts. A folder with the full Gemma vocabulary is
    trained on the English-and-Chinese rows only (vocab.keep_for), as the app runs it: Gemma's
    262k-row output layer would otherwise cost more than the whole body and 10 GB of memory."""

    def __init__(self, folder: Path, model_id: str = ""):
        from tokenizers import Tokenizer

        from copydesk.generation.vocab import PrunedIds, keep_for

        self.model_folder = Path(folder)
        self.model_id = model_id or self.model_folder.name
        self.tokenizer = Tokenizer.from_file(str(self.model_folder / "tokenizer.json"))
        config = json.loads((self.model_folder / "config.json").read_text(encoding="utf-8"))
        eos = config.get("eos_token_id")
        eos = int(eos[0] if isinstance(eos, list) else eos)
        self.pruned = None
        if config.get("vocab_size", 0) > 100_000:
            pieces = [self.tokenizer.id_to_token(i) or "" for i in range(self.tokenizer.get_vocab_size())]
            special = {i for i, t in self.tokenizer.get_added_tokens_decoder().items() if t.special}
            self.pruned = PrunedIds(keep_for("en-zh", pieces, special), self.tokenizer)
        self.eos_token_id = self.pruned.model_id(eos) if self.pruned else eos

    def load(self) -> None:
        pass

    def encode(self, text: str, special: bool = True) -> list[int]:
        ids = self.tokenizer.encode(text, add_special_tokens=special).ids
        return self.pruned.to_model(ids) if self.pruned else ids

    def prepare(self, model) -> None:
        """Cut the (tied) embedding to the kept rows, so ids are the pruned ones."""
        if self.pruned is None:
            return
        import torch

        embed = model.get_input_embeddings()  # Gemma's scales its output: keep the module, cut its rows
        rows = torch.tensor(self.pruned.kept_ids)
        embed.weight = torch.nn.Parameter(embed.weight.data[rows].clone(), requires_grad=False)
        embed.num_embeddings = len(rows)
        model.lm_head.weight = embed.weight  # tied, as in the model
        model.config.vocab_size = len(rows)


class TrainingCancelled(Exception):
    """The user cancelled the training; the previous adapter stays."""


def example_for_plan(product, segment, fmt, parts: dict, angle: str, tone: str, source: str, needs=()) -> Example:
    """The prompt the pipeline would render for copy like this (its angle and tone, the facts it
    leads with: the slots it uses, in order, with others beside them) and its parts as the target."""
    slots = [s for s in find_slots(serialize_parts(parts)) if s in product.facts and s != "bank"]
    lead = tuple(dict.fromkeys(slots))[:3]
    plan = Plan(product, segment, fmt, angle, tone, tuple(needs or segment_needs(segment, product)), lead,
                tuple(shown_facts(product, slots)))
    prompt = render(PROMPT_TEMPLATE, **plan.prompt_context()).text + "\n"
    return Example(prompt, serialize_parts(parts) + "\n", product.lang, fmt.channel, source)


def example_for_ad(ad: CorpusAd, catalog) -> Example:
    product, segment = catalog.product(ad.product), catalog.segment(ad.segment)
    return example_for_plan(product, segment, channel_format(ad.channel, ad.lang), ad.parts, ad.angle, ad.tone,
                            ad.source, ad.needs)


def corpus_examples(folder: Path | None = None, stems: set[str] | None = None) -> list[Example]:
    """Every corpus ad (of the batches named by `stems`, else of all) as a training example."""
    return [example_for_ad(ad, catalog) for catalog, ads in load_all(folder, stems) for ad in ads]


def corpus_sha256(folder: Path | None = None) -> str:
    """One hash over every corpus file, recorded with the adapter it trained."""
    from copydesk.generation.corpus import corpus_dir

    digest = hashlib.sha256()
    for path in sorted((folder or corpus_dir()).glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def train(examples: list[Example], backend, out_dir: Path, settings: TrainingSettings = TrainingSettings(),
          progress: Callable[[dict], None] | None = None, cancel: Callable[[], bool] | None = None,
          notes: dict | None = None, start_from: Path | None = None, evaluate_on: list[Example] | None = None) -> dict:
    """Fine-tune a LoRA adapter on the backend's model; write it to out_dir (adapter_config.json,
    adapter_model.safetensors, training.json) and return the training record. `start_from`: an
    adapter to go on training (its loss is the "before" figure); `evaluate_on`: the held-back
    examples to measure (default: the tenth of `examples` held back by hash)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    if settings.threads:
        torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    backend.load()
    folder = backend.model_folder
    model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, use_safetensors=True, dtype=torch.float32)
    model.config.use_cache = False
    if hasattr(backend, "prepare"):
        backend.prepare(model)
    for parameter in model.parameters():  # memory-mapped weights trained erratically slowly on the dev VM
        parameter.data = parameter.data.clone()
    if start_from is not None:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, str(start_from), is_trainable=True)
    else:
        layers = model.config.num_hidden_layers
        config = LoraConfig(r=settings.rank, lora_alpha=settings.alpha, lora_dropout=0.0, target_modules=TARGET_MODULES,
                            layers_to_transform=list(range(min(settings.first_layer, layers - 1), layers)),
                            task_type="CAUSAL_LM")
        model = get_peft_model(model, config)

    if evaluate_on is not None:
        held_sources = {e.source for e in evaluate_on}
        train_set = [e for e in examples if e.source not in held_sources]
        held_back = list(evaluate_on) or train_set[:8]
    else:
        train_set = [e for e in examples if not e.held_back]
        held_back = ([e for e in examples if e.held_back] or train_set[:8])[:MAX_HELD_BACK]
    encode = backend.encode
    eos = backend.eos_token_id

    def tokens(example: Example) -> tuple[list[int], int]:
        prompt = encode(example.prompt, special=True)
        return prompt + encode(example.target, special=False) + [eos], len(prompt)

    encoded_train = [tokens(e) for e in train_set]
    encoded_held = [tokens(e) for e in held_back]
    rng = random.Random(settings.seed)
    steps_per_epoch = math.ceil(len(encoded_train) / settings.batch_size)
    total_steps = steps_per_epoch * settings.epochs
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=settings.learning_rate,
                                  weight_decay=0.0)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 10) * max(0.05, 1 - step / max(total_steps, 1)))

    before = _mean_loss(model, encoded_held, settings.batch_size)
    started = time.perf_counter()
    trained_tokens, step, losses = 0, 0, []
    model.train()
    for epoch in range(settings.epochs):
        order = _length_batches(encoded_train, settings.batch_size, rng)
        for batch in order:
            if cancel is not None and cancel():
                raise TrainingCancelled()
            loss = 0.0
            for ids, prompt_length in batch:  # one example at a time: its prompt is read without gradients
                example_loss, _ = _example_loss(model, ids, prompt_length)
                (example_loss / len(batch)).backward()
                loss += example_loss.item() / len(batch)
            loss = torch.tensor(loss)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            trained_tokens += sum(len(ids) for ids, _ in batch)  # prompt tokens read plus target tokens learnt
            losses.append(round(loss.item(), 4))
            elapsed = time.perf_counter() - started
            if progress is not None:
                progress({"step": step, "steps": total_steps, "epoch": epoch + 1, "loss": losses[-1],
                          "tokens_per_s": trained_tokens / elapsed,
                          "eta_s": elapsed / step * (total_steps - step)})
    model.eval()
    after = _mean_loss(model, encoded_held, settings.batch_size)
    seconds = time.perf_counter() - started

    out_dir = Path(out_dir)
    building = out_dir.with_name(out_dir.name + ".building")
    building.mkdir(parents=True, exist_ok=True)
    # The embedding was only cut to the kept rows, never trained: the adapter holds the LoRA weights alone.
    model.save_pretrained(building, safe_serialization=True, save_embedding_layers=False)
    (building / "README.md").unlink(missing_ok=True)  # peft's model-card template
    config_path = building / "adapter_config.json"  # name the base model, not the trainer's own path
    adapter_config = json.loads(config_path.read_text(encoding="utf-8"))
    adapter_config["base_model_name_or_path"] = backend.model_id
    config_path.write_text(json.dumps(adapter_config, indent=2) + "\n", encoding="utf-8")
    record = {
        "base_model": backend.model_id,
        "base_model_sha256": getattr(backend, "model_sha256", None),
        "examples": len(train_set), "held_back": len(held_back),
        "languages": sorted({e.lang for e in examples}), "channels": sorted({e.channel for e in examples}),
        "epochs": settings.epochs, "learning_rate": settings.learning_rate, "rank": settings.rank, "alpha": settings.alpha,
        "batch_size": settings.batch_size, "seed": settings.seed, "steps": step,
        "trained_tokens": trained_tokens, "seconds": round(seconds, 1),
        "tokens_per_s": round(trained_tokens / seconds, 1) if seconds else None,
        "held_back_loss_before": round(before, 4), "held_back_loss_after": round(after, 4),
        "loss_curve": losses, "prompt_template": PROMPT_TEMPLATE,
        **(notes or {}),
    }
    (building / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    import shutil

    shutil.rmtree(out_dir, ignore_errors=True)
    building.rename(out_dir)  # the adapter appears whole or not at all
    return record


def _length_batches(encoded, batch_size: int, rng: random.Random) -> list:
    """Batches of similar length (little padding), in a shuffled order."""
    ordered = sorted(encoded, key=lambda item: len(item[0]) + rng.random())
    batches = [ordered[i:i + batch_size] for i in range(0, len(ordered), batch_size)]
    rng.shuffle(batches)
    return batches


def _example_loss(model, ids: list[int], prompt_length: int):
    """Cross-entropy over one example's target tokens. The prompt is read first without
    gradients (its keys and values kept); only the target's tokens are then run with them, so
    the backward pass covers a fifth of the tokens. The prompt's own keys and values are not
    learnt through, a small price: the target tokens attend to them as they are."""
    import torch
    import torch.nn.functional as F

    causal_lm = model.get_base_model() if hasattr(model, "get_base_model") else model
    tokens = torch.tensor([ids])
    split = prompt_length - 1  # the last prompt token predicts the first target token: it runs with gradients
    with torch.no_grad():
        prefix = causal_lm.model(input_ids=tokens[:, :split], use_cache=True)
    hidden = causal_lm.model(input_ids=tokens[:, split:-1], past_key_values=prefix.past_key_values,
                             use_cache=True).last_hidden_state[0]
    logits = causal_lm.lm_head(hidden)
    softcap = getattr(causal_lm.config, "final_logit_softcapping", None)
    if softcap:
        logits = torch.tanh(logits / softcap) * softcap
    targets = tokens[0, prompt_length:]
    return F.cross_entropy(logits.float(), targets), len(targets)


def _mean_loss(model, encoded, batch_size: int) -> float:
    import torch

    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for ids, prompt_length in encoded:
            loss, tokens = _example_loss(model, ids, prompt_length)
            total += float(loss) * tokens
            count += tokens
    model.train()
    return total / max(count, 1)


def main(argv: list[str]) -> int:
    """`python -m copydesk.generation.training [--model NAME] [--out DIR] [--epochs N]`."""
    import argparse

    from copydesk import resources
    from copydesk.generation.factory import make_backend

    parser = argparse.ArgumentParser(prog="copydesk-train", description="Train the house copy adapter on the corpus.")
    parser.add_argument("--model", default="gemma3-270m", help="base model (default gemma3-270m)")
    parser.add_argument("--out", type=Path, default=resources.assets_dir() / "models" / "house-copy",
                        help="adapter folder to write (default assets/models/house-copy)")
    parser.add_argument("--epochs", type=int, default=TrainingSettings.epochs)
    parser.add_argument("--rank", type=int, default=TrainingSettings.rank)
    parser.add_argument("--learning-rate", type=float, default=TrainingSettings.learning_rate)
    parser.add_argument("--limit", type=int, default=0, help="train on the first N examples only (a quick check)")
    parser.add_argument("--every", type=int, default=1, help="train on every K-th corpus ad (a spread over all of it)")
    parser.add_argument("--offset", type=int, default=0, help="with --every: start at this ad (another spread)")
    parser.add_argument("--start-from", type=Path, help="go on training this adapter instead of a new one")
    parser.add_argument("--folder", type=Path, help="train on this model folder instead of the named model")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--batches", help="train on these corpus batches only (file stems, comma-separated: "
                                          "the first runs of the shipped adapter used the first four)")
    args = parser.parse_args(argv)
    stems = set(args.batches.split(",")) if args.batches else None
    examples = corpus_examples(stems=stems)
    if args.every > 1:
        examples = [e for e in examples if e.held_back] + [e for e in examples if not e.held_back][args.offset:: args.every]
    if args.limit:
        examples = examples[: args.limit]
    if args.folder:
        # The adapter names the model it fits by the model's id (as the bundled backend reports
        # it), not the setting's name: the factory merges the house adapter only into that model.
        from copydesk.generation.models import resolve_model

        backend = FolderModel(args.folder, resolve_model(args.model).model_id.removesuffix("-en-zh"))
    else:
        backend, _ = make_backend(args.model, lambda message: print(message, file=sys.stderr), adapter=None)
    settings = TrainingSettings(epochs=args.epochs, rank=args.rank, learning_rate=args.learning_rate, threads=args.threads)

    def report(state: dict) -> None:
        print(f"step {state['step']}/{state['steps']} epoch {state['epoch']} loss {state['loss']:.3f} "
              f"{state['tokens_per_s']:.0f} tok/s, about {state['eta_s'] / 60:.0f} min left", file=sys.stderr, flush=True)

    record = train(examples, backend, args.out, settings, report, start_from=args.start_from,
                   notes={"corpus_sha256": corpus_sha256(), "source": "corpus",
                          "started_from": str(args.start_from or "base"), "every": args.every, "offset": args.offset,
                          "batches": sorted(stems) if stems else "all"})
    print(json.dumps({k: v for k, v in record.items() if k != "loss_curve"}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
