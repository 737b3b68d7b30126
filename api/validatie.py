"""SHACL for submissions lives in the domain package (kennisbank/validate.py); re-exported here."""

from kennisbank.validate import INZENDING_VORMEN, InzendingValidator  # noqa: F401
