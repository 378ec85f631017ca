"""Tests for chapter 4: the demo and the five exercises."""
