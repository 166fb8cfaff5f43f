"""Draft generation: prompts, model backends, and the pipeline that checks, repairs and ranks."""
