"""A student's own CSV: good files read as points, classes or values; every hostile file
is refused with its own code and the line or numbers the message needs."""
import numpy as np
import pytest

from actlib.nets.playground.datasets import BINARY, REGRESSION
from actlib.nets.playground.owndata import MAX_LINE, MAX_ROWS, CsvError, parse_csv


def rows(n, label="1"):
    return "".join(f"{i % 5},{-(i % 3)},{label if i % 2 else 0}\n" for i in range(n))


def test_header_and_zero_one_labels_become_pm_one_classes():
    x, y, kind = parse_csv(b"x1,x2,label\n1.5,-2,1\n-3,0.25,0\n0,0,1\n2,2,0\n")
    assert kind == BINARY
    np.testing.assert_array_equal(x, [[1.5, -2], [-3, 0.25], [0, 0], [2, 2]])
    np.testing.assert_array_equal(y, [1, -1, 1, -1])


def test_other_numbers_are_regression_values_without_header_and_with_bom_crlf():
    x, y, kind = parse_csv("\ufeff1,2,0.5\r\n3,4,-0.25\r\n\r\n5,6,2\r\n0,0,0\r\n".encode())
    assert kind == REGRESSION
    np.testing.assert_array_equal(y, [0.5, -0.25, 2, 0])
    assert x.shape == (4, 2)


@pytest.mark.parametrize("data, code, values", [
    (b"", "empty", {}),
    (b"  \n\n ", "empty", {}),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", {}),
    (b"x1,x2,label\n\xff\xfe1,2,3\n", "binary", {}),
    (b"x1,x2\n1,2\n3,4\n5,6\n7,8\n", "columns", {"line": 2, "columns": 2}),
    (b"1,2,1\n3,4,0\n5,6,1,9\n7,8,0\n", "columns", {"line": 3, "columns": 4}),
    (b"1,2,1\n3,abc,0\n5,6,1\n7,8,0\n", "not_number", {"line": 2, "value": "abc"}),
    (b"1,2,1\n3,4,cat\n5,6,dog\n7,8,cat\n", "labels", {"line": 2, "value": "cat"}),
    (b"1,2,1\n3,4,nan\n5,6,1\n7,8,0\n", "not_finite", {"line": 2}),
    (b"1,2,1\n3,4,0\n-inf,6,1\n7,8,0\n", "not_finite", {"line": 3}),
    (b"1,2,1\n3,40,0\n5,6,1\n6,6,0\n", "range", {"line": 2, "limit": 6.0}),
    (b"x1,x2,label\n1,2,1\n3,4,0\n", "too_few_rows", {"rows": 2}),
])
def test_hostile_files_are_refused_with_their_code(data, code, values):
    with pytest.raises(CsvError) as err:
        parse_csv(data)
    assert err.value.code == code
    assert values.items() <= err.value.values.items()


def test_too_many_rows_is_refused_not_cut():
    parse_csv(rows(MAX_ROWS).encode())                    # the cap itself is fine
    with pytest.raises(CsvError) as err:
        parse_csv(rows(MAX_ROWS + 1).encode())
    assert err.value.code == "too_many_rows"
    assert err.value.values == {"rows": MAX_ROWS + 1, "limit": MAX_ROWS}


def test_a_ten_megabyte_line_is_refused_by_its_length():
    data = b"1,2,1\n3,4,0\n" + b"5" * 10_000_000 + b",6,1\n7,8,0\n"
    with pytest.raises(CsvError) as err:
        parse_csv(data)
    assert err.value.code == "long_line"
    assert err.value.values == {"line": 3, "limit": MAX_LINE}
