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


def test_diverging_table_follows_the_colour_ramp():
    """The lookup table gives the ramp's colour (orange → white → blue, linear in the value,
    computed per pixel) within one level of 255 anywhere in [−1, 1], exactly at −1, 0, 1."""
    v = np.linspace(-1, 1, 10_001)
    ramp = np.where(v[:, None] >= 0, figs.MID + (figs.POS - figs.MID) * v[:, None],
                    figs.MID + (figs.NEG - figs.MID) * -v[:, None]).astype(np.uint8)
    got = figs.diverging_rgb(v).astype(int)
    assert np.abs(got - ramp).max() <= 1
    assert figs.diverging_rgb(np.array([-1.0, 0.0, 1.0])).tolist() == \
        [[245, 147, 34], [250, 250, 250], [8, 119, 189]]
    odd = figs.diverging_rgb(np.array([np.nan, np.inf, -np.inf, 3.0]), scale=2.0)
    assert odd.tolist() == [[160] * 3, [8, 119, 189], [245, 147, 34], [8, 119, 189]]


def test_unit_pictures_in_a_stack_each_take_their_own_scale():
    a = np.array([[0.0, 2.0], [-1.0, np.nan]])
    b = np.array([[0.0, 0.5], [0.25, 0.0]])
    stacked = figs.unit_rgb(np.stack([a, b, np.zeros((2, 2))]))
    assert (stacked[0] == figs.unit_rgb(a)).all() and (stacked[1] == figs.unit_rgb(b)).all()
    assert tuple(stacked[0, 0, 1]) == tuple(stacked[1, 0, 1]) == (8, 119, 189)  # own max
    assert tuple(stacked[0, 1, 1]) == (160, 160, 160)                          # NaN grey
    assert (stacked[2] == 250).all()                                          # all zero: white


def test_network_image_of_three_classes_and_its_weight_lines():
    spec = net.NetSpec(2, (net.Layer(3, "tanh"),), "softmax_ce", 3)
    params = net.init_params(spec, 0)
    params[0]["W"][:] = [[1.0, -1.0, 0.0], [0.0, 0.0, 0.0]]   # x1 → unit 1 blue, → unit 2 orange
    pics = grid_pictures(spec, params, ("x1", "x2"), n=20)
    img = np.asarray(figs.network_image(pics, [p["W"] for p in params]))
    left, right = figs.PAD + figs.THUMB, figs.PAD + figs.THUMB + figs.GAP_X
    middle = (left + right) // 2
    column = {tuple(int(c) for c in px) for px in img[:, middle]}
    assert (8, 119, 189) in column and (245, 147, 34) in column
    assert img.shape[0] == 2 * figs.PAD + 3 * figs.THUMB + 2 * figs.GAP_Y


def test_points_look_as_pillow_draws_them():
    """Each stamped point is the disc and ring Pillow's ellipse draws at the same place, at
    any sub-pixel position (Pillow truncates a box corner left of or above the picture
    toward zero, so there it draws a narrower dot: the corner point sits on whole pixels),
    cut off at the edges; test points are outlined in black."""
    from PIL import Image, ImageDraw
    rng = np.random.default_rng(1)
    centres = np.array([[i, j] for i in range(-5, 7, 2) for j in range(-5, 7, 2)], float)
    pts = centres + rng.uniform(-0.4, 0.4, centres.shape)
    pts[0], pts[-1] = [-6.0, 6.0], [6.0, -6.0]          # on two corners: partly outside
    for kind, labels in ((D.BINARY, rng.uniform(-1, 1, len(pts))),
                         (D.MULTICLASS, rng.integers(0, 3, len(pts)).astype(float))):
        half = len(pts) // 2
        got = np.asarray(frames.output_frame(np.zeros((50, 50)), pts[:half], labels[:half],
                                             kind, size=180,
                                             test=(pts[half:], labels[half:])))
        ref = Image.fromarray(figs.diverging_rgb(np.zeros((50, 50)))).resize((180, 180))
        draw = ImageDraw.Draw(ref)
        fills = frames.point_fill(labels, kind)
        for k, ((x, y), fill) in enumerate(zip(pts, fills)):
            px, py = (x + 6) * 15, (6 - y) * 15
            draw.ellipse([px - 3, py - 3, px + 3, py + 3], fill=tuple(int(c) for c in fill),
                         outline=(0, 0, 0) if k >= half else (255, 255, 255))
        assert (got == np.asarray(ref)).all()
    blue = frames.point_fill(np.array([1.0, 0.0, -1.0]), D.BINARY)
    assert blue.tolist() == [[8, 119, 189], [250, 250, 250], [245, 147, 34]]


def test_curves_are_two_pixels_thick_flat_and_steep():
    """A flat stretch is two rows thick, a steep one two columns wide (Pillow's width=2
    line, drawn before, was one column wide at places on steep segments)."""
    y = np.r_[np.zeros(20), np.ones(20)]                    # flat, a jump, flat
    img = np.asarray(frames.curves_frame(np.arange(40), [y]))
    line = img == 4                                          # the first line colour's index
    flat_column = line[:, 100]
    assert flat_column.sum() == 2 and np.ptp(np.nonzero(flat_column)[0]) == 1
    middle_row = line[(10 + 204) // 2]                       # halfway up the jump
    assert middle_row.sum() == 2 and np.ptp(np.nonzero(middle_row)[0]) == 1
