# CloudWatch Logs for an ECS service, as Terraform users write it, for Berth's Terraform suite
# (test/e2e/logs-terraform.test.ts): a log group with retention and tags, and a service whose
# container logs to it with the awslogs driver. The task definition names the group through
# the resource, so Terraform creates the group first, as it must on AWS.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }
variable "image" { type = string }
variable "retention" {
  type    = number
  default = 14
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    ecs            = var.endpoint
    cloudwatchlogs = var.endpoint
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/tf-logs"
  retention_in_days = var.retention
  tags              = { team = "core" }
}

resource "aws_ecs_cluster" "main" {
  name = "tf-logs"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "tf-logs"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([{
    name        = "app"
    image       = var.image
    memory      = 16
    essential   = true
    command     = ["sh", "-c", "echo started by terraform; exec sleep 600"]
    stopTimeout = 2
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.app.name
        "awslogs-region"        = "us-east-1"
        "awslogs-stream-prefix" = "app"
      }
    }
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 1
  launch_type     = "EC2"
}
