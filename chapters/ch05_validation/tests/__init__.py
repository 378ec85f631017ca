"""Tests for chapter 5: the demo and the five exercises."""
