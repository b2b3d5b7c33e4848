"""Clients of the AmpliFi and SessionM APIs, their models and their one error hierarchy."""
