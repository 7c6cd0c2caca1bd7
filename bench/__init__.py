"""Every benchmark: `python -m bench [filter]` runs the case modules here and prints JSON.

A case module is any module in bench/ with a top-level `CASES` list of `bench.timing.Case`
(activations, approx, compare, imaging, nets). bench/load.py is the class-load bench
(simulated students over Streamlit's websocket protocol, bench/stclient.py); it has its own
command line, see its docstring. Server processes are started by deploy/processes.py.
"""
