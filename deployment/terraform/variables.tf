variable "name" {
  description = "Prefix for every resource's name."
  type        = string
  default     = "layered-backend"
}

variable "environment" {
  description = "Deployment environment; the app reads it as APP_ENV."
  type        = string
  default     = "production"

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-central-1"
}

variable "vpc_cidr" {
  description = "Address range of the VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  description = "Two or more zones: the database and the service span them."
  type        = list(string)
  default     = ["eu-central-1a", "eu-central-1b"]

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "Give at least two availability zones."
  }
}

variable "app_image" {
  description = "Container image of the chapter 3 API, e.g. registry/layered-backend:1.4.2."
  type        = string
}

variable "app_port" {
  description = "Port the app's gunicorn listens on inside the container."
  type        = number
  default     = 8000
}

variable "app_count" {
  description = "How many copies of the app run."
  type        = number
  default     = 2
}

variable "db_instance_class" {
  description = "RDS instance size."
  type        = string
  default     = "db.t4g.micro"
}

variable "db_password" {
  description = "Master password of the database. No default: pass it from a secret store."
  type        = string
  sensitive   = true
}

variable "certificate_arn" {
  description = "ACM certificate for the load balancer's HTTPS listener."
  type        = string
}
