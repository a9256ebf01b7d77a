"""Painting the timeline's analysis lanes: the mutual-gaze strip of the compact cues lane,
the sound's waveform and the adult / child voice rows. Split from :mod:`gui.timeline` (the
canvas calls these with itself); the data comes from :mod:`gui.timeline_data` (services).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

GAZE_COLOUR = "#2a9d8f"
WAVE_COLOUR = "#8172b3"
VOICE_COLOURS = {"speech": "#4c72b0", "vocal": "#55a868", "laugh": "#e1a730",
                 "cry": "#c44e52"}


def _left(canvas: Any) -> int:
    """Where the lanes start: right of the label column (time at the view's start)."""
    return int(round(canvas.x_of(canvas.timeline.start_ms)))


def paint_gaze_strip(canvas: Any, painter: QPainter, top: float, height: float) -> None:
    left = _left(canvas)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(GAZE_COLOUR)))
    for start, end in canvas.timeline.gaze_runs:
        x0, x1 = canvas.x_of(start), canvas.x_of(end)
        if x1 >= left and x0 <= canvas.width():
            painter.drawRect(QRectF(x0, top, max(1.0, x1 - x0), height))
    painter.setBrush(Qt.BrushStyle.NoBrush)


def paint_wave(canvas: Any, painter: QPainter, top: float, height: float, t0: float,
               t1: float) -> None:
    wave = canvas.timeline.waveform
    assert wave is not None
    left = _left(canvas)
    pixels = max(0, canvas.width() - left)
    low, high = wave.at(t0, t1, pixels)
    mid, half = top + height / 2, (height - 4) / 2
    painter.setPen(QPen(QColor(WAVE_COLOUR), 1))
    painter.drawLines([QLineF(left + i, mid - half * high[i], left + i,
                              mid - half * low[i]) for i in range(pixels)
                       if high[i] - low[i] > 0.004])


def paint_voices(canvas: Any, painter: QPainter, row: str, top: float, height: float) -> None:
    left = _left(canvas)
    painter.setPen(Qt.PenStyle.NoPen)
    for block in canvas.timeline.voices:
        if block.row != row:
            continue
        x0, x1 = canvas.x_of(block.start_ms), canvas.x_of(block.end_ms)
        if x1 < left or x0 > canvas.width():
            continue
        colour = QColor(VOICE_COLOURS.get(block.kind, "#777777"))
        colour.setAlphaF(block.opacity)
        painter.setBrush(QBrush(colour))
        painter.drawRect(QRectF(x0, top + 2, max(1.5, x1 - x0), height - 4))
    painter.setBrush(Qt.BrushStyle.NoBrush)

