# A realistic ECS stack for Berth's Terraform suite (test/e2e/terraform.test.ts): an ECR
# repository with a lifecycle policy; a cluster with Container Insights and the Fargate
# capacity providers; a bridge-mode EC2 service and an awsvpc Fargate service, both with
# container health checks and the deployment circuit breaker, behind one ALB (an instance
# and an ip target group, an HTTP listener with header modification, a path rule).
# Each service's page says which service and version answered ("web v1", "api v1").

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }
variable "listener_port" { type = number }
variable "image" { type = string }
variable "web_version" {
  type    = string
  default = "v1"
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
    ecs   = var.endpoint
    ecr   = var.endpoint
    elbv2 = var.endpoint
    # Deleting an aws_lb waits for its network interfaces through EC2; Berth has no EC2 API and
    # answers UnknownOperation, which the provider logs as a warning. Without this line the
    # provider would send that call to the real AWS endpoint.
    ec2 = var.endpoint
  }
}

locals {
  vpc_id          = "vpc-0123456789abcdef0"
  subnets         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  security_groups = ["sg-0123456789abcdef0"]
  # busybox httpd serving one page at / and at /api/ (the api target group's health check path).
  web_command = ["sh", "-c", "mkdir -p /www/api && echo web ${var.web_version} > /www/index.html && echo web ${var.web_version} > /www/api/index.html && exec httpd -f -p 8080 -h /www"]
  api_command = ["sh", "-c", "mkdir -p /www/api && echo api ${var.web_version} > /www/index.html && echo api ${var.web_version} > /www/api/index.html && exec httpd -f -p 8080 -h /www"]
  health_check = {
    command     = ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/ || exit 1"]
    interval    = 5
    timeout     = 2
    retries     = 3
    startPeriod = 0
  }
}

resource "aws_ecr_repository" "app" {
  name                 = "tf/app"
  image_tag_mutability = "MUTABLE"
  force_delete         = true
  image_scanning_configuration {
    scan_on_push = false
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 10 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecs_cluster" "main" {
  name = "tf-main"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
    base              = 1
  }
}

resource "aws_ecs_task_definition" "web" {
  family                   = "tf-web"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([{
    name         = "web"
    image        = var.image
    memory       = 32
    essential    = true
    command      = local.web_command
    stopTimeout  = 2
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    healthCheck  = local.health_check
  }])
}

resource "aws_ecs_task_definition" "api" {
  family                   = "tf-api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name         = "api"
    image        = var.image
    essential    = true
    command      = local.api_command
    stopTimeout  = 2
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    healthCheck  = local.health_check
  }])
}

resource "aws_lb" "main" {
  name               = "tf-alb"
  load_balancer_type = "application"
  internal           = false
  subnets            = local.subnets
  security_groups    = local.security_groups
  minimum_load_balancer_capacity {
    capacity_units = 100
  }
}

resource "aws_lb_target_group" "web" {
  name                 = "tf-web"
  port                 = 8080
  protocol             = "HTTP"
  vpc_id               = local.vpc_id
  target_type          = "instance"
  deregistration_delay = 5
  health_check {
    path                = "/"
    interval            = 5
    timeout             = 2
    healthy_threshold   = 2
    unhealthy_threshold = 2
    matcher             = "200"
  }
}

resource "aws_lb_target_group" "api" {
  name                 = "tf-api"
  port                 = 8080
  protocol             = "HTTP"
  vpc_id               = local.vpc_id
  target_type          = "ip"
  deregistration_delay = 5
  health_check {
    path                = "/api/"
    interval            = 5
    timeout             = 2
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = var.listener_port
  protocol          = "HTTP"

  routing_http_response_server_enabled                         = false
  routing_http_response_strict_transport_security_header_value = "max-age=31536000; includeSubDomains"
  routing_http_response_x_content_type_options_header_value    = "nosniff"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 10
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
}

resource "aws_ecs_service" "web" {
  name                               = "web"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.web.arn
  desired_count                      = 2
  launch_type                        = "EC2"
  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 200
  wait_for_steady_state              = true
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 8080
  }
  depends_on = [aws_lb_listener.http]
}

resource "aws_ecs_service" "api" {
  name                               = "api"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.api.arn
  desired_count                      = 1
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  wait_for_steady_state              = true
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets          = local.subnets
    security_groups  = local.security_groups
    assign_public_ip = false
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = 8080
  }
  depends_on = [aws_lb_listener_rule.api, aws_ecs_cluster_capacity_providers.main]
}

output "alb_dns_name" { value = aws_lb.main.dns_name }
output "repository_url" { value = aws_ecr_repository.app.repository_url }
