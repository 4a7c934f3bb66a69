# Application Auto Scaling for an ECS service, as Terraform users write it, for Berth's
# Terraform suite (test/e2e/application-autoscaling-terraform.test.ts): a scalable target
# whose minimum (2) raises the service's desired count (1), a target tracking and a step
# scaling policy, and a scheduled action in a time zone. The service ignores desired_count,
# as services under auto scaling do.

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }
variable "image" { type = string }
variable "max_capacity" {
  type    = number
  default = 4
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
    ecs                    = var.endpoint
    applicationautoscaling = var.endpoint
  }
}

resource "aws_ecs_cluster" "main" {
  name = "tf-scaling"
}

resource "aws_ecs_task_definition" "web" {
  family = "tf-scaling-web"
  container_definitions = jsonencode([{
    name        = "app"
    image       = var.image
    memory      = 16
    essential   = true
    command     = ["sleep", "600"]
    stopTimeout = 2
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 1
  launch_type     = "EC2"
  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = var.max_capacity
  tags = {
    env = "test"
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "cpu70"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 70
    scale_in_cooldown  = 120
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "step" {
  name               = "cpu-high"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = 60
    metric_aggregation_type = "Average"
    step_adjustment {
      metric_interval_lower_bound = 0
      scaling_adjustment          = 1
    }
  }
}

resource "aws_appautoscaling_scheduled_action" "night" {
  name               = "night"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  schedule           = "cron(0 22 * * ? *)"
  timezone           = "Europe/Berlin"
  scalable_target_action {
    min_capacity = 1
    max_capacity = 2
  }
}
