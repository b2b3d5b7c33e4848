<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CameraTab</name>
    <message numerus="yes">
        <location filename="../../ui/screens/admin_camera.py" line="110"/>
        <source>Found %n cameras; the demo camera is always listed.</source>
        <translation>
            <numerusform>Found %n camera; the demo camera is always listed.</numerusform>
            <numerusform>Found %n cameras; the demo camera is always listed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaptureStep</name>
    <message numerus="yes">
        <location filename="../../ui/screens/capture_step.py" line="366"/>
        <source>Staff: override possible after %n more attempts.</source>
        <translation>
            <numerusform>Staff: override possible after %n more attempt.</numerusform>
            <numerusform>Staff: override possible after %n more attempts.</numerusform>
        </translation>
    </message>
</context>
</TS>
