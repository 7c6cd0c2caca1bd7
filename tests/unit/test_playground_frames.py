"""The Playground's Pillow pictures: colours where the values say, points where the data is."""
import numpy as np

from actlib.figures import playground as figs
from actlib.figures import playground_frames as frames
from actlib.nets.playground import datasets as D
from actlib.nets.playground import net
from actlib.nets.playground.pictures import grid_pictures


def test_diverging_colours_and_discretise():
    rgb = figs.diverging_rgb(np.array([[-1.0, 0.0, 1.0, 0.2]]))
    assert tuple(rgb[0, 0]) == (245, 147, 34) and tuple(rgb[0, 2]) == (8, 119, 189)
    assert tuple(rgb[0, 1]) == (250, 250, 250)
    assert tuple(figs.diverging_rgb(np.array([[0.2]]), discrete=True)[0, 0]) == (8, 119, 189)
    probs = np.array([[[0.9, 0.05, 0.05], [1 / 3, 1 / 3, 1 / 3]]])
    c = figs.classes_rgb(probs)
    assert tuple(c[0, 1]) == (250, 250, 250)                 # cannot tell: white
    assert tuple(figs.classes_rgb(probs, discrete=True)[0, 0]) == (230, 159, 0)


def test_output_frame_puts_points_where_they_are():
    out = np.zeros((50, 50))
    pts = np.array([[6.0, 6.0], [-6.0, -6.0]])
    img = np.asarray(frames.output_frame(out, pts, np.array([1.0, -1.0]), D.BINARY, size=120))
    assert tuple(img[1, 118]) == (8, 119, 189)              # top right: a blue (+1) point
    assert tuple(img[118, 1]) == (245, 147, 34)             # bottom left: an orange (−1) point
    assert tuple(img[60, 60]) == (250, 250, 250)            # score 0: white


def test_grid_pictures_and_network_image_shapes():
    spec = net.NetSpec(2, (net.Layer(3, "relu"), net.Layer(2, "tanh")))
    params = net.init_params(spec, 0)
    pics = grid_pictures(spec, params, ("x1", "x2"), n=20)
    assert len(pics.inputs) == 2 and [len(h) for h in pics.hidden] == [3, 2]
    assert pics.output.shape == (20, 20)
    assert pics.inputs[0][0, 0] == -6 and pics.inputs[1][0, 0] == 6     # top-left corner
    img = figs.network_image(pics, [p["W"] for p in params])
    assert img.size == (2 * figs.PAD + 4 * figs.THUMB + 3 * figs.GAP_X,
                        2 * figs.PAD + 3 * figs.THUMB + 2 * figs.GAP_Y)


def test_curves_frame_draws_each_line_in_its_colour():
    img = np.asarray(frames.curves_frame([0, 1, 2], [[1.0, 0.5, 0.25], [0.1, 0.2, 0.4]],
                                         log=True).convert("RGB"))
    colours = {tuple(int(v) for v in c) for c in img.reshape(-1, 3)}
    assert frames.LINE_RGB[0] in colours and frames.LINE_RGB[1] in colours
    assert frames.legend(["a", "b"]) == ":blue[━━] a :orange[━━] b"
