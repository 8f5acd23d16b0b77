"""Colour-vision checks for the tests: how a colour looks with protanopia, deuteranopia or tritanopia (Machado,
Oliveira & Fernandes 2009, severity 1.0, applied to linear sRGB as colorspacious does), and in greyscale (CIE L*);
colour differences as CIEDE2000 (Sharma, Wu & Dalal 2005).

>>> round(delta_e_2000(lab("#FFFFFF"), lab("#000000")), 1)
100.0
>>> round(lightness("#777777"), 1)
50.0
"""

from __future__ import annotations

import math

import numpy as np

# Machado et al. (2009), Table 1, severity 1.0.
MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ["normal", *MACHADO_2009, "greyscale"]
_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                         [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_WHITE = _SRGB_TO_XYZ @ np.ones(3)


def _linear(hex_colour: str) -> np.ndarray:
    rgb = np.array([int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab_of_linear(rgb: np.ndarray) -> tuple[float, float, float]:
    xyz = (_SRGB_TO_XYZ @ np.clip(rgb, 0, 1)) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return float(116 * f[1] - 16), float(500 * (f[0] - f[1])), float(200 * (f[1] - f[2]))


def lab(hex_colour: str, vision: str = "normal") -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a colour as seen with ``vision`` (one of :data:`VISIONS`); greyscale keeps only L*."""
    rgb = _linear(hex_colour)
    if vision in MACHADO_2009:
        rgb = MACHADO_2009[vision] @ rgb
    L, a, b = _lab_of_linear(rgb)
    return (L, 0.0, 0.0) if vision == "greyscale" else (L, a, b)


def lightness(hex_colour: str) -> float:
    """CIE L* (0 black, 100 white): what is left of a colour on a greyscale printout."""
    return lab(hex_colour)[0]


def delta_e_2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dLp, dCp = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dHp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    Lp, Cp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp = (h1p + h2p) / 2
    else:
        hp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hp - 30)) + 0.24 * math.cos(math.radians(2 * hp))
         + 0.32 * math.cos(math.radians(3 * hp + 6)) - 0.20 * math.cos(math.radians(4 * hp - 63)))
    d_theta = 30 * math.exp(-(((hp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(Cp ** 7 / (Cp ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (Lp - 50) ** 2 / math.sqrt(20 + (Lp - 50) ** 2)
    sc, sh = 1 + 0.045 * Cp, 1 + 0.015 * Cp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2 + rt * (dCp / sc) * (dHp / sh))


def worst_pair(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    """The smallest CIEDE2000 difference between any two of ``colours`` seen with ``vision``, and which pair."""
    names = list(colours)
    return min((delta_e_2000(lab(colours[x], vision), lab(colours[y], vision)), x, y)
               for i, x in enumerate(names) for y in names[i + 1:])
