"""The test suite as a package: tests/ui imports as tests.ui, never as the app's own ui package."""
