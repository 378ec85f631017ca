"""Task Management API: tasks with assignment, per-task permissions, file attachments,
signed webhooks delivered by Celery, and Redis-cached reads (a capstone on projects.core)."""
