"""Doorrekenen: what the rules do together to one household at a peildatum (see bereken.py)."""

from .bereken import bereken
from .model import Berekening, Huishouden

__all__ = ["bereken", "Berekening", "Huishouden"]
