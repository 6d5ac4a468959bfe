"""Where CTranslate2 runs a model: ``cpu``, or ``cuda`` where a GPU is visible."""

from __future__ import annotations

from pipeline.errors import InputError, ModelError

__all__ = ["DEVICES", "check_device"]

DEVICES = ("cpu", "cuda")


def check_device(device: str) -> None:
    """Refuse an unknown device, and ``cuda`` where CTranslate2 sees no GPU."""
    if device not in DEVICES:
        raise InputError(f"unknown device {device!r}", hint="use --device cpu or --device cuda")
    if device == "cuda":
        import ctranslate2

        if ctranslate2.get_cuda_device_count() == 0:
            raise ModelError(
                "--device cuda: CTranslate2 sees no CUDA GPU on this machine",
                hint="run on a machine with an NVIDIA GPU and its CUDA driver, or leave out --device (cpu)",
            )
