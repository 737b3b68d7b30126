"""The API's SPARQL lives in the domain package (kennisbank/vragen.py); re-exported here for the routers."""

from kennisbank.vragen import PREFIXES, Queries, first_values, values  # noqa: F401
