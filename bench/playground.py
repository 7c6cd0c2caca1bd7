"""Playground frame cost (issue 15 targets): a 6 × 8 network on 500 points, while playing.

A frame is what the page's fragment does: one epoch (the least a frame trains), the grid
pictures, and the pictures it ships (output, network diagram, the large unit, two curves),
encoded as data URIs. The curves carry the page's 400-point cap, as after a minute of play.
Its server CPU and its bytes are measured here; the frames a browser sees per second are
`python -m bench.play_fps`, a class of students playing at once `python -m bench.play_load`.

The CPU case counts CPU time (time.process_time), not wall time: on a shared machine wall
time grows with everyone else's load, and the question is what a frame costs the server.
"""
from __future__ import annotations

import time

from bench.timing import Case, best_time

LAYERS = 6
HISTORY = 400                  # epochs before measuring: curves at figs.downsample's cap


def _frame():
    from actlib.figures import playground as figs
    from actlib.figures import playground_frames as frames
    from actlib.nets.playground.net import Layer
    from actlib.nets.playground.pictures import grid_pictures
    from actlib.nets.playground.session import build, run_frame
    from actlib.nets.playground.train import Hyper

    trainer = build("spiral", 500, 0.0, 0.5, 0, ("x1", "x2"),
                    tuple(Layer(8, "relu") for _ in range(LAYERS)))
    for _ in range(HISTORY):
        trainer.run_epoch(Hyper())

    def frame() -> int:
        run_frame(trainer, Hyper(), budget=0.0, most=1)
        pics = grid_pictures(trainer.spec, trainer.params, trainer.features, 50)
        d, h = trainer.data, trainer.history
        shipped = [
            figs.image_uri(frames.output_frame(pics.output, d.train_x, d.train_y, d.kind),
                           jpeg=True),
            figs.image_uri(figs.network_image(pics, [p["W"] for p in trainer.params]),
                           jpeg=True),
            figs.image_uri(figs.unit_image(pics.output, output=True), jpeg=True),
            figs.image_uri(frames.curves_frame(*figs.downsample(
                h.epoch, [h.train_loss, h.test_loss]))),
            figs.image_uri(frames.curves_frame(*figs.downsample(
                h.epoch, list(zip(*h.grad_norm))), log=True)),
        ]
        return sum(len(s) for s in shipped)
    return frame


def frame_cpu() -> float:
    frame = _frame()
    return best_time(frame, repeat=7, number=5, clock=time.process_time)


def frame_bytes() -> float:
    return float(_frame()())


CASES = [
    Case("playground_frame_6x8_500pts_cpu", frame_cpu, 0.030, "s",
         note="CPU time (process_time), best of 7 × 5 frames: one epoch + grid pictures "
              "+ 3 JPEG + 2 PNG data URIs"),
    Case("playground_frame_6x8_500pts_bytes", frame_bytes, 100_000, "B",
         note="images shipped per frame (plus a few hundred bytes of metrics)"),
]
