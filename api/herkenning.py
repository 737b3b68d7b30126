"""The recogniser and search adapters moved to the domain package (kennisbank/herkenning.py); re-exported here."""

from kennisbank.herkenning import (  # noqa: F401
    Herkenner, plek_uit_rij, verwijzing_dict, werk_index_bij, zoekmodule)
