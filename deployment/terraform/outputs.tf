output "load_balancer_dns" {
  description = "Public DNS name of the load balancer (point your domain's CNAME here)."
  value       = aws_lb.main.dns_name
}

output "database_endpoint" {
  description = "Host and port of the PostgreSQL instance (private)."
  value       = aws_db_instance.main.endpoint
}

output "database_url_secret_arn" {
  description = "Secrets Manager ARN holding the app's DATABASE_URL."
  value       = aws_secretsmanager_secret.database_url.arn
}
