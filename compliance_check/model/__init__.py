"""Checklists, answers, baselines, crosswalks, and pure scoring and comparison."""
