"""Offline by construction: the Hugging Face libraries are told never to reach the network."""

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",  # progress bars and notices would flood the CLI's stderr
}


def enforce_offline() -> None:
    """Set the offline switches; call before transformers or huggingface_hub is imported."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
    # The GGUF conversion's plain tqdm bar ignores transformers' switch; tqdm reads this at import.
    os.environ.setdefault("TQDM_DISABLE", "1")


def quiet_transformers() -> None:
    """Turn off transformers' progress bars (after it is imported)."""
    from transformers.utils import logging

    logging.disable_progress_bar()
    logging.set_verbosity_error()
