"""Camera sources: devices, files and the demo scene, behind one ``FrameSource`` interface."""
