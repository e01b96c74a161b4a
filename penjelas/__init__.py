"""penjelas: a static site generator for bilingual news explainers."""

__version__ = "0.1.0"
