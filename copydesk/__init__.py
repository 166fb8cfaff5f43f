"""copydesk: offline, compliance-first marketing copy for retail banks."""

__version__ = "0.1.0"
