"""`python -m benchmarks`: run every benchmark and print its figures."""

import importlib
import sys

MODULES = ["fundament", "herken", "zoek", "zoek_relevantie", "api", "site", "privacy", "verificatie", "leesmodel", "sparql_vloed", "belasting", "signalering", "rekenen"]

for name in MODULES:
    try:
        module = importlib.import_module(f"benchmarks.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"benchmarks.{name}":
            continue
        raise
    print(f"\n=== {name} ===", flush=True)
    module.main()
sys.exit(0)
