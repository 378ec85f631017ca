# Database: managed PostgreSQL in the private subnets. The app only ever sees it as
# DATABASE_URL, which is why the same code runs on SQLite on a laptop.

resource "aws_db_subnet_group" "main" {
  name       = "${var.name}-db"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "main" {
  identifier                   = "${var.name}-${var.environment}"
  engine                       = "postgres"
  engine_version               = "17"
  instance_class               = var.db_instance_class
  allocated_storage            = 20
  max_allocated_storage        = 100
  storage_encrypted            = true
  db_name                      = "app"
  username                     = "app"
  password                     = var.db_password
  db_subnet_group_name         = aws_db_subnet_group.main.name
  vpc_security_group_ids       = [aws_security_group.database.id]
  multi_az                     = var.environment == "production"
  backup_retention_period      = 7
  deletion_protection          = var.environment == "production"
  skip_final_snapshot          = var.environment != "production"
  final_snapshot_identifier    = "${var.name}-${var.environment}-final"
  auto_minor_version_upgrade   = true
  publicly_accessible          = false
  apply_immediately            = false
  copy_tags_to_snapshot        = true
  performance_insights_enabled = true
}

resource "aws_secretsmanager_secret" "database_url" {
  name = "${var.name}/${var.environment}/DATABASE_URL"
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id     = aws_secretsmanager_secret.database_url.id
  secret_string = "postgresql+psycopg://app:${var.db_password}@${aws_db_instance.main.endpoint}/app"
}
