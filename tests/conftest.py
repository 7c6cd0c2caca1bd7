"""One hypothesis profile for every run, local and CI (CI=true behaves the same)."""
from hypothesis import HealthCheck, settings

settings.register_profile("lab", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lab")
