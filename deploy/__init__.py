"""Scale-out: nginx config template and the replica launcher (replicas.py)."""
