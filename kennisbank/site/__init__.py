"""The static site generator: `bouw_site` writes everything, `werk_site_bij` the pages one publication touches."""

from .bouw import bouw_site, standaard_uit, werk_site_bij

__all__ = ["bouw_site", "werk_site_bij", "standaard_uit"]
