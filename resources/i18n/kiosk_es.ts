<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AdminScreen</name>
    <message>
        <location filename="../../ui/screens/admin.py" line="37"/>
        <source>Job</source>
        <translation>Trabajo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="38"/>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="39"/>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="40"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="41"/>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="42"/>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="43"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="59"/>
        <source>Admin</source>
        <translation>Administración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="61"/>
        <source>Outbox</source>
        <translation>Bandeja de salida</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="68"/>
        <source>Submissions</source>
        <translation>Envíos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="70"/>
        <source>Health</source>
        <translation>Diagnóstico</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="154"/>
        <source>Job %1: %2</source>
        <translation>Trabajo %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="156"/>
        <source>no problem recorded</source>
        <translation>sin problemas registrados</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="64"/>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="66"/>
        <source>Configuration</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="73"/>
        <source>Exit kiosk</source>
        <translation>Cerrar el quiosco</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="74"/>
        <source>Back to kiosk</source>
        <translation>Volver al quiosco</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="105"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="106"/>
        <source>Retry selected</source>
        <translation>Reintentar selección</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="107"/>
        <source>Retry all failed</source>
        <translation>Reintentar todos los fallidos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="109"/>
        <source>Delete selected</source>
        <translation>Eliminar selección</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="126"/>
        <source>Waiting %1 · sending %2 · delivered %3 · failed %4</source>
        <translation>En espera %1 · enviando %2 · entregados %3 · fallidos %4</translation>
    </message>
</context>
<context>
    <name>CameraTab</name>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="50"/>
        <source>Camera source</source>
        <translation>Fuente de la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="64"/>
        <source>Find cameras</source>
        <translation>Buscar cámaras</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="67"/>
        <source>Use selected</source>
        <translation>Usar la seleccionada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="79"/>
        <source>Looking for cameras…</source>
        <translation>Buscando cámaras…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="87"/>
        <source>Found %1 camera(s); the demo camera is always listed.</source>
        <translation>%1 cámara(s) encontrada(s); la cámara de demostración siempre aparece.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="91"/>
        <source>No camera found; only the demo camera is listed.</source>
        <translation>No se encontró ninguna cámara; solo aparece la cámara de demostración.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="108"/>
        <source>Demo camera</source>
        <translation>Cámara de demostración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="135"/>
        <source>Health check</source>
        <translation>Comprobación de la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="141"/>
        <source>Hold an ID card in front of the camera, then run the check.</source>
        <translation>Sostenga una tarjeta de identidad ante la cámara y ejecute la comprobación.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="146"/>
        <source>Measured</source>
        <translation>Medido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="146"/>
        <source>Captures need</source>
        <translation>Las fotos necesitan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="146"/>
        <source>Verdict</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="165"/>
        <source>Show staff meters beside the preview</source>
        <translation>Mostrar los medidores del personal junto a la imagen</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="137"/>
        <source>Run health check</source>
        <translation>Comprobar la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="97"/>
        <source>Looking for cameras failed; see the kiosk log.</source>
        <translation>La búsqueda de cámaras falló; consulte el registro del quiosco.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="183"/>
        <source>No camera is open.</source>
        <translation>No hay ninguna cámara abierta.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="188"/>
        <source>Measuring…</source>
        <translation>Midiendo…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="197"/>
        <source>%1: ready for captures.</source>
        <translation>%1: lista para tomar fotos.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="199"/>
        <source>%1: %2 of 4 checks failed.</source>
        <translation>%1: fallaron %2 de 4 comprobaciones.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="208"/>
        <source>Pass</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="208"/>
        <source>Fail</source>
        <translation>Falla</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="221"/>
        <source>not measured</source>
        <translation>sin medir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="225"/>
        <source>Resolution %1 × %2</source>
        <translation>Resolución %1 × %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="226"/>
        <source>%1 px wide (%2 dpi on a card)</source>
        <translation>%1 px de ancho (%2 ppp en una tarjeta)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="232"/>
        <source>%1 frames a second</source>
        <translation>%1 imágenes por segundo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="233"/>
        <location filename="../../ui/screens/admin_camera.py" line="239"/>
        <source>at least %1</source>
        <translation>al menos %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="238"/>
        <source>Focus %1</source>
        <translation>Enfoque %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="242"/>
        <source>no ID card in view</source>
        <translation>ninguna tarjeta a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="245"/>
        <source>Card detail %1 dpi</source>
        <translation>Detalle de la tarjeta %1 ppp</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="246"/>
        <source>at least %1 dpi</source>
        <translation>al menos %1 ppp</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="261"/>
        <source>Demo: show the good receipt</source>
        <translation>Demostración: mostrar el recibo bueno</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="263"/>
        <source>Demo: show an unreadable receipt</source>
        <translation>Demostración: mostrar un recibo ilegible</translation>
    </message>
</context>
<context>
    <name>CaptureStep</name>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="110"/>
        <location filename="../../ui/screens/capture_step.py" line="141"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="112"/>
        <source>Take photo now</source>
        <translation>Tomar la foto ahora</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="134"/>
        <source>Retake</source>
        <translation>Repetir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="136"/>
        <source>Staff override…</source>
        <translation>Aprobación del personal…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="139"/>
        <source>Use this photo</source>
        <translation>Usar esta foto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="160"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="171"/>
        <source>Enter the staff PIN to override a failed check</source>
        <translation>Introduzca el PIN del personal para aceptar una comprobación fallida</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="189"/>
        <source>Check the picture</source>
        <translation>Revise la imagen</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="191"/>
        <source>Starting the camera…</source>
        <translation>Iniciando la cámara…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="202"/>
        <source>No camera available. Ask a member of staff.</source>
        <translation>No hay cámara disponible. Pida ayuda al personal.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="260"/>
        <source>The camera is not available. Reconnecting…</source>
        <translation>La cámara no está disponible. Reconectando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="282"/>
        <source>Hold still…</source>
        <translation>No se mueva…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="299"/>
        <source>Taking the picture…</source>
        <translation>Tomando la foto…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="299"/>
        <source>Hold still, this takes a few seconds.</source>
        <translation>No se mueva, tarda unos segundos.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="329"/>
        <source>All checks passed</source>
        <translation>Todas las comprobaciones superadas</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="333"/>
        <source>This picture failed a check</source>
        <translation>Esta imagen no superó una comprobación</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="335"/>
        <source>This picture cannot be sent: %1</source>
        <translation>Esta imagen no se puede enviar: %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="347"/>
        <source>Staff: override possible after %1 more attempt(s).</source>
        <translation>Personal: aprobación posible tras %1 intento(s) más.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="379"/>
        <source>Staff override</source>
        <translation>Aprobación del personal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="380"/>
        <source>Failed: %1. Why is this picture acceptable?</source>
        <translation>No superada: %1. ¿Por qué es aceptable esta imagen?</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <location filename="../../ui/texts.py" line="15"/>
        <source>Face detection</source>
        <translation>Detección de cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="16"/>
        <source>One face</source>
        <translation>Una sola cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="17"/>
        <source>Close enough</source>
        <translation>Suficientemente cerca</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="18"/>
        <source>Centred</source>
        <translation>Centrada</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="19"/>
        <source>Head straight</source>
        <translation>Cabeza recta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="20"/>
        <source>Facing the camera</source>
        <translation>Mirando a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="21"/>
        <source>Lighting</source>
        <translation>Iluminación</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="22"/>
        <source>No shine</source>
        <translation>Sin brillos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="23"/>
        <source>Sharp</source>
        <translation>Nitidez</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="24"/>
        <source>Steady</source>
        <translation>Sin movimiento</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="25"/>
        <source>Document found</source>
        <translation>Documento encontrado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="26"/>
        <source>Inside the frame</source>
        <translation>Dentro del encuadre</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="27"/>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="28"/>
        <source>No glare</source>
        <translation>Sin reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="29"/>
        <source>Looks like a receipt</source>
        <translation>Parece un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="30"/>
        <source>Not sent before</source>
        <translation>No enviado antes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="31"/>
        <source>Checks</source>
        <translation>Comprobaciones</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="32"/>
        <source>Parts overlap</source>
        <translation>Las partes se solapan</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="33"/>
        <source>Licence data valid</source>
        <translation>Datos de la licencia válidos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="34"/>
        <location filename="../../ui/texts.py" line="35"/>
        <source>Shape</source>
        <translation>Forma</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="36"/>
        <source>Barcode visible</source>
        <translation>Código de barras visible</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="37"/>
        <source>Corners</source>
        <translation>Esquinas</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="38"/>
        <source>Big enough</source>
        <translation>Suficientemente grande</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="39"/>
        <source>Found</source>
        <translation>Encontrado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="40"/>
        <source>Passport code read</source>
        <translation>Código del pasaporte leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="41"/>
        <source>Passport code visible</source>
        <translation>Código del pasaporte visible</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="42"/>
        <source>Barcode read</source>
        <translation>Código de barras leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="43"/>
        <source>Detail (dpi)</source>
        <translation>Detalle (ppp)</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="44"/>
        <source>Straight</source>
        <translation>Recto</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="45"/>
        <source>Other side</source>
        <translation>Otra cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="46"/>
        <source>Photo on the card</source>
        <translation>Foto en la tarjeta</translation>
    </message>
</context>
<context>
    <name>ConfigTab</name>
    <message>
        <location filename="../../ui/screens/admin_config.py" line="65"/>
        <source>The settings in effect; secrets are shown as ***.</source>
        <translation>La configuración vigente; los secretos se muestran como ***.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_config.py" line="68"/>
        <source>Setting</source>
        <translation>Ajuste</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_config.py" line="68"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
</context>
<context>
    <name>CustomerFlow</name>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="63"/>
        <location filename="../../ui/screens/customer_flow.py" line="162"/>
        <source>Check your pictures</source>
        <translation>Revise sus imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="69"/>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="73"/>
        <source>Cancel and leave</source>
        <translation>Cancelar y salir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="74"/>
        <source>Retake all pictures</source>
        <translation>Repetir todas las fotos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="83"/>
        <source>Thank you</source>
        <translation>Gracias</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="89"/>
        <source>Your reference</source>
        <translation>Su referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="98"/>
        <source>Please keep this reference for your records.</source>
        <translation>Conserve esta referencia para sus registros.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="102"/>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="123"/>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="163"/>
        <source>Not every check passed: staff accepted some pictures by override.</source>
        <translation>No todas las comprobaciones se superaron: el personal aceptó algunas fotos por excepción.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="165"/>
        <source>Every check passed. Ready to send.</source>
        <translation>Todas las comprobaciones superadas. Listo para enviar.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="168"/>
        <source>Staff override recorded for: %1</source>
        <translation>Aprobación del personal registrada para: %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="199"/>
        <source>Could not save the pictures. Please ask a member of staff.</source>
        <translation>No se pudieron guardar las imágenes. Pida ayuda al personal.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="219"/>
        <source>Sent. Thank you!</source>
        <translation>Enviado. ¡Gracias!</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="221"/>
        <source>Saved; staff will finish sending it.</source>
        <translation>Guardado; el personal terminará el envío.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="223"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="225"/>
        <source>Queued: it will be sent automatically as soon as the connection allows.</source>
        <translation>En cola: se enviará automáticamente en cuanto la conexión lo permita.</translation>
    </message>
</context>
<context>
    <name>HealthTab</name>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="56"/>
        <source>Check again</source>
        <translation>Comprobar de nuevo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="63"/>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="71"/>
        <source>The health check could not run; see the kiosk log.</source>
        <translation>No se pudo hacer el diagnóstico; consulte el registro del quiosco.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="80"/>
        <source>Everything is working.</source>
        <translation>Todo funciona.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="81"/>
        <source>Needs attention.</source>
        <translation>Requiere atención.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="82"/>
        <source>Something is wrong.</source>
        <translation>Algo no funciona.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="99"/>
        <source>Pass</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="100"/>
        <source>Warn</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="101"/>
        <source>Fail</source>
        <translation>Falla</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="109"/>
        <source>Outbox</source>
        <translation>Bandeja de salida</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="112"/>
        <source>Device key</source>
        <translation>Clave del dispositivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="113"/>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="114"/>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="115"/>
        <source>Disk</source>
        <translation>Disco</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="116"/>
        <source>Last delivery</source>
        <translation>Último envío</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="117"/>
        <source>Config file</source>
        <translation>Archivo de configuración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="131"/>
        <source>live, %1 frames a second</source>
        <translation>en vivo, %1 imágenes por segundo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="139"/>
        <source>%1% free (%2 GB)</source>
        <translation>%1% libre (%2 GB)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="146"/>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="147"/>
        <source>%1 ago</source>
        <translation>hace %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="152"/>
        <source>the outbox cannot be read (see the kiosk log)</source>
        <translation>no se puede leer la bandeja de salida (consulte el registro del quiosco)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="156"/>
        <source>nothing waiting, %1 failed</source>
        <translation>nada en espera, %1 fallidos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="158"/>
        <source>%1 waiting (oldest %2), %3 failed</source>
        <translation>%1 en espera (el más antiguo: %2), %3 fallidos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="167"/>
        <source>face model</source>
        <translation>modelo facial</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="168"/>
        <source>style sheet</source>
        <translation>hoja de estilo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="169"/>
        <source>translation</source>
        <translation>traducción</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="170"/>
        <source>demo photo</source>
        <translation>foto de demostración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="173"/>
        <source>face checks unavailable</source>
        <translation>controles faciales no disponibles</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="174"/>
        <source>screens unstyled</source>
        <translation>pantallas sin estilo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="175"/>
        <source>English only</source>
        <translation>solo inglés</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="176"/>
        <source>no demo camera</source>
        <translation>sin cámara de demostración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="179"/>
        <source>%1 missing at %2 (%3)</source>
        <translation>falta %1 en %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="188"/>
        <source>reachable</source>
        <translation>accesible</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="189"/>
        <source>unreachable</source>
        <translation>inaccesible</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="191"/>
        <source>degraded: the server fails or does not reply</source>
        <translation>degradado: el servidor falla o no responde</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="193"/>
        <source>certificate not trusted</source>
        <translation>certificado no fiable</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="194"/>
        <source>not contacted yet</source>
        <translation>aún sin contactar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="195"/>
        <source>credentials refused</source>
        <translation>credenciales rechazadas</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="196"/>
        <source>no app on this device</source>
        <translation>ninguna app en este dispositivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="197"/>
        <source>all present</source>
        <translation>todos presentes</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="198"/>
        <source>the app is not running</source>
        <translation>la app no está en marcha</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="199"/>
        <source>starting</source>
        <translation>iniciándose</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="200"/>
        <source>reconnecting</source>
        <translation>reconectando</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="201"/>
        <source>off</source>
        <translation>apagada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="202"/>
        <source>failed</source>
        <translation>con fallo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="203"/>
        <source>not found</source>
        <translation>no encontrada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="210"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="212"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_health.py" line="213"/>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../ui/window.py" line="53"/>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="58"/>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="69"/>
        <source>For your privacy this session ends in %1 s. Touch the screen to continue.</source>
        <translation>Por su privacidad, esta sesión termina en %1 s. Toque la pantalla para continuar.</translation>
    </message>
</context>
<context>
    <name>Instructions</name>
    <message>
        <location filename="../../ui/texts.py" line="50"/>
        <source>Look at the camera</source>
        <translation>Mire a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="51"/>
        <source>Only one person in the picture, please</source>
        <translation>Solo una persona en la imagen, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="52"/>
        <source>Move closer</source>
        <translation>Acérquese</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="53"/>
        <source>Centre your face in the guide</source>
        <translation>Centre la cara en la guía</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="54"/>
        <source>Keep your head straight</source>
        <translation>Mantenga la cabeza recta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="55"/>
        <source>Look straight at the camera</source>
        <translation>Mire de frente a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="56"/>
        <source>Hold still, the picture is blurred</source>
        <translation>No se mueva, la imagen está borrosa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="57"/>
        <source>Too dark: more light on your face, please</source>
        <translation>Demasiado oscuro: más luz en la cara, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="58"/>
        <source>Too bright: move out of the direct light</source>
        <translation>Demasiada luz: apártese de la luz directa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="59"/>
        <source>Shine on your face: move away from the bright light</source>
        <translation>Brillo en la cara: apártese de la luz intensa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="60"/>
        <source>Face checks unavailable: face model not found</source>
        <translation>Comprobación facial no disponible: falta el modelo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="61"/>
        <source>Place the receipt flat on a dark surface in view</source>
        <translation>Coloque el recibo plano sobre una superficie oscura</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="62"/>
        <source>Fit the whole receipt in the frame</source>
        <translation>Encuadre el recibo completo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="63"/>
        <source>Move closer; capture a long receipt in parts</source>
        <translation>Acérquese; un recibo largo se captura por partes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="64"/>
        <source>Too dark: more light on the receipt, please</source>
        <translation>Demasiado oscuro: más luz sobre el recibo, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="65"/>
        <source>Too bright: move the receipt out of the direct light</source>
        <translation>Demasiada luz: aparte el recibo de la luz directa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="66"/>
        <source>Tilt the receipt to remove glare</source>
        <translation>Incline el recibo para quitar los reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="67"/>
        <source>Hold still, the receipt is blurred</source>
        <translation>No se mueva, el recibo está borroso</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="68"/>
        <source>This does not look like a receipt</source>
        <translation>Esto no parece un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="69"/>
        <source>This receipt was already submitted</source>
        <translation>Este recibo ya se envió</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="70"/>
        <source>Hold still</source>
        <translation>No se mueva</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="71"/>
        <source>Document checks unavailable in this build</source>
        <translation>Comprobación de documentos no disponible en esta versión</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="72"/>
        <source>Overlap this part with the end of the previous one</source>
        <translation>Solape esta parte con el final de la anterior</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="73"/>
        <source>No more parts can be added</source>
        <translation>No se pueden añadir más partes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="75"/>
        <source>Show the card to the camera</source>
        <translation>Muestre la tarjeta a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="76"/>
        <source>Show the whole card</source>
        <translation>Muestre la tarjeta completa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="77"/>
        <source>Show the whole card, flat to the camera</source>
        <translation>Muestre la tarjeta completa, plana frente a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="78"/>
        <source>Move the card closer</source>
        <translation>Acerque la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="79"/>
        <source>Move the card back a little</source>
        <translation>Aleje un poco la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="80"/>
        <source>Straighten the card</source>
        <translation>Enderece la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="81"/>
        <source>Tilt the card to remove glare</source>
        <translation>Incline la tarjeta para quitar los reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="82"/>
        <source>Hold the card still and flat</source>
        <translation>Sostenga la tarjeta quieta y plana</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="83"/>
        <source>Show the passport to the camera</source>
        <translation>Muestre el pasaporte a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="84"/>
        <source>Show the whole passport</source>
        <translation>Muestre el pasaporte completo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="85"/>
        <source>Show the whole passport, flat to the camera</source>
        <translation>Muestre el pasaporte completo, plano frente a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="86"/>
        <source>Move the passport closer</source>
        <translation>Acerque el pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="87"/>
        <source>Move the passport back a little</source>
        <translation>Aleje un poco el pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="88"/>
        <source>Straighten the passport</source>
        <translation>Enderece el pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="89"/>
        <source>Tilt the passport to remove glare</source>
        <translation>Incline el pasaporte para quitar los reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="90"/>
        <source>Hold the passport still and flat</source>
        <translation>Sostenga el pasaporte quieto y plano</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="91"/>
        <source>Too dark: add light</source>
        <translation>Demasiado oscuro: añada luz</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="92"/>
        <source>Too bright: reduce the light</source>
        <translation>Demasiada luz: redúzcala</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="93"/>
        <source>Turn the card over to show the barcode</source>
        <translation>Dé la vuelta a la tarjeta para mostrar el código de barras</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="94"/>
        <source>The licence barcode is incomplete: ask a member of staff</source>
        <translation>El código del permiso está incompleto: pida ayuda al personal</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="95"/>
        <source>The licence expiry date cannot be read: ask a member of staff</source>
        <translation>No se puede leer la caducidad del permiso: pida ayuda al personal</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="98"/>
        <source>This licence has expired</source>
        <translation>Este permiso ha caducado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="99"/>
        <source>This barcode is not from a driver&apos;s licence</source>
        <translation>Este código de barras no es de un permiso de conducir</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="100"/>
        <source>Show the passport photo page</source>
        <translation>Muestre la página de la foto del pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="101"/>
        <source>MRZ not verified: OCR not installed</source>
        <translation>MRZ sin verificar: OCR no instalado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="102"/>
        <source>That is the same side again</source>
        <translation>Es la misma cara otra vez</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="103"/>
        <source>Show the front of the licence, with the photo</source>
        <translation>Muestre el anverso del permiso, con la foto</translation>
    </message>
</context>
<context>
    <name>InvalidCodes</name>
    <message>
        <location filename="../../ui/texts.py" line="174"/>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="175"/>
        <source>Receipt cannot be read clearly</source>
        <translation>El recibo no se puede leer con claridad</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="176"/>
        <source>Receipt is cropped</source>
        <translation>El recibo está recortado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="177"/>
        <source>Receipt submitted twice</source>
        <translation>Recibo enviado dos veces</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="178"/>
        <source>Receipt submitted outside of campaign dates</source>
        <translation>Recibo enviado fuera de las fechas de la campaña</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="179"/>
        <source>Image is not a receipt</source>
        <translation>La imagen no es un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="180"/>
        <source>No valid purchases found</source>
        <translation>No se encontraron compras válidas</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="181"/>
        <source>Purchases are from a non-qualifying store</source>
        <translation>Las compras son de una tienda no participante</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="182"/>
        <source>Image cannot be read clearly</source>
        <translation>La imagen no se puede leer con claridad</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="183"/>
        <source>Image is unrelated to campaign</source>
        <translation>La imagen no tiene relación con la campaña</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="184"/>
        <source>Image submitted twice</source>
        <translation>Imagen enviada dos veces</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="185"/>
        <source>Image submitted outside of campaign dates</source>
        <translation>Imagen enviada fuera de las fechas de la campaña</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="186"/>
        <source>Image has no valid purchases found, similar to 6</source>
        <translation>La imagen no contiene compras válidas</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="187"/>
        <source>Multiple submissions not allowed for this campaign</source>
        <translation>Esta campaña no admite varios envíos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="188"/>
        <source>Required fields missing from the receipt</source>
        <translation>Faltan datos obligatorios en el recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="189"/>
        <source>Loyalty card linked to same retailer</source>
        <translation>Tarjeta de fidelidad vinculada al mismo comercio</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="190"/>
        <source>Award limit reached</source>
        <translation>Se alcanzó el límite de premios</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="191"/>
        <source>Image appears to have been altered.</source>
        <translation>La imagen parece haber sido alterada.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="192"/>
        <source>Non-participating region</source>
        <translation>Región no participante</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <location filename="../../ui/texts.py" line="149"/>
        <source>Face photo</source>
        <translation>Foto de la cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="150"/>
        <source>Driver&apos;s licence – front</source>
        <translation>Permiso de conducir – anverso</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="151"/>
        <source>Driver&apos;s licence – back</source>
        <translation>Permiso de conducir – reverso</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="152"/>
        <source>Passport photo page</source>
        <translation>Página de la foto del pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="153"/>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="157"/>
        <source>Look at the camera and keep your face inside the oval.</source>
        <translation>Mire a la cámara y mantenga la cara dentro del óvalo.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="158"/>
        <source>Hold the front of the licence flat inside the frame.</source>
        <translation>Sostenga el anverso del permiso plano dentro del marco.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="161"/>
        <source>Turn the licence over: the barcode side inside the frame.</source>
        <translation>Dé la vuelta al permiso: el lado del código de barras dentro del marco.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="164"/>
        <source>Open the passport at the photo page and place it inside the frame.</source>
        <translation>Abra el pasaporte por la página de la foto y colóquelo dentro del marco.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="167"/>
        <source>Lay the receipt flat on the tray, the whole receipt in view.</source>
        <translation>Coloque el recibo plano en la bandeja, completo a la vista.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/window.py" line="123"/>
        <location filename="../../ui/window.py" line="208"/>
        <source>DEMO — sandbox server and demo data; nothing is sent to a real bank</source>
        <translation>DEMO — servidor de pruebas y datos ficticios; nada llega a un banco real</translation>
    </message>
</context>
<context>
    <name>Meters</name>
    <message>
        <location filename="../../ui/texts.py" line="108"/>
        <source>faces %1, need %2</source>
        <translation>caras %1, se necesita %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="109"/>
        <source>eyes %1 px apart, need %2</source>
        <translation>ojos a %1 px, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="110"/>
        <source>off centre %1 % across, %2 % down; max %3, %4</source>
        <translation>descentrado %1 % horiz., %2 % vert.; máx. %3, %4</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="111"/>
        <source>head tilt %1°, max %2°</source>
        <translation>cabeza inclinada %1°, máx. %2°</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="112"/>
        <source>head turn %1°, max %2°</source>
        <translation>cabeza girada %1°, máx. %2°</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="113"/>
        <source>brightness %1 of 255, need %2–%3</source>
        <translation>brillo %1 de 255, entre %2 y %3</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="114"/>
        <source>shine %1 % of face, max %2 %</source>
        <translation>reflejos %1 % de la cara, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="115"/>
        <source>sharpness %1, need %2</source>
        <translation>nitidez %1, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="116"/>
        <source>movement %1 grey levels, max %2</source>
        <translation>movimiento %1 niveles de gris, máx. %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="117"/>
        <source>in view</source>
        <translation>a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="118"/>
        <source>not in view</source>
        <translation>no está a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="119"/>
        <source>edge room %1 % of frame, need %2 %</source>
        <translation>margen %1 % del encuadre, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="120"/>
        <source>shape %1:1, need %2:1 ± %3 %</source>
        <translation>forma %1:1, se necesita %2:1 ± %3 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="121"/>
        <source>width %1 % of frame, need %2–%3 %</source>
        <translation>ancho %1 % del encuadre, entre %2 y %3 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="122"/>
        <source>tilt %1°, max %2°</source>
        <translation>inclinación %1°, máx. %2°</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="123"/>
        <source>glare %1 % of card, max %2 %</source>
        <translation>reflejo %1 % de la tarjeta, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="124"/>
        <source>detail %1 dpi, need %2</source>
        <translation>detalle %1 ppp, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="125"/>
        <source>barcode %1 % of card, need %2 %</source>
        <translation>código %1 % de la tarjeta, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="126"/>
        <source>no barcode in view</source>
        <translation>ningún código de barras a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="127"/>
        <source>barcode read</source>
        <translation>código de barras leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="128"/>
        <source>barcode not read</source>
        <translation>código de barras no leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="129"/>
        <source>licence data complete</source>
        <translation>datos del permiso completos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="130"/>
        <source>licence data refused</source>
        <translation>datos del permiso rechazados</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="131"/>
        <source>passport code in view</source>
        <translation>código del pasaporte a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="132"/>
        <source>no passport code in view</source>
        <translation>código del pasaporte no visible</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="133"/>
        <source>check digits and fields valid</source>
        <translation>dígitos de control y campos válidos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="134"/>
        <source>passport code not read</source>
        <translation>código del pasaporte no leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="135"/>
        <source>width %1 px, need %2</source>
        <translation>ancho %1 px, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="136"/>
        <source>paper %1 % of area, need %2 %</source>
        <translation>papel %1 % del área, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="137"/>
        <source>likeness to a sent one %1 %, max %2 %</source>
        <translation>parecido a uno enviado %1 %, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="138"/>
        <source>overlap %1 %, need %2 %</source>
        <translation>solapamiento %1 %, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="139"/>
        <source>first part</source>
        <translation>primera parte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="140"/>
        <source>likeness to the front %1 %, max %2 %</source>
        <translation>parecido al anverso %1 %, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="141"/>
        <source>no front to compare</source>
        <translation>sin anverso para comparar</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="142"/>
        <source>not judged: no face model</source>
        <translation>sin juzgar: falta el modelo facial</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="143"/>
        <source>passed</source>
        <translation>superada</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="144"/>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="145"/>
        <source>unavailable</source>
        <translation>no disponible</translation>
    </message>
</context>
<context>
    <name>MetersPanel</name>
    <message>
        <location filename="../../ui/widgets/meters.py" line="73"/>
        <source>Staff meters</source>
        <translation>Medidores del personal</translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <location filename="../../ui/screens/pin.py" line="37"/>
        <source>Staff only</source>
        <translation>Solo personal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pin.py" line="37"/>
        <source>Enter the admin PIN</source>
        <translation>Introduzca el PIN de administración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pin.py" line="44"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pin.py" line="42"/>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pin.py" line="71"/>
        <source>Too many wrong PINs. Try again in %1.</source>
        <translation>Demasiados PIN incorrectos. Vuelva a intentarlo en %1.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pin.py" line="91"/>
        <source>Wrong PIN</source>
        <translation>PIN incorrecto</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <location filename="../../ui/widgets/preview_view.py" line="196"/>
        <source>Hold</source>
        <translation>Quieto</translation>
    </message>
</context>
<context>
    <name>ReceiptFlow</name>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="75"/>
        <source>Submit a receipt</source>
        <translation>Enviar un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="75"/>
        <source>Choose the promotion</source>
        <translation>Elija la promoción</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="100"/>
        <location filename="../../ui/screens/receipt_flow.py" line="118"/>
        <location filename="../../ui/screens/receipt_flow.py" line="139"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="107"/>
        <source>Your customer number</source>
        <translation>Su número de cliente</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="107"/>
        <source>Type the number on your loyalty card or app.</source>
        <translation>Escriba el número de su tarjeta o aplicación de fidelidad.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="114"/>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="126"/>
        <source>Your receipt</source>
        <translation>Su recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="127"/>
        <source>Long receipt? Add another part, overlapping the last one.</source>
        <translation>¿Recibo largo? Añada otra parte que se solape con la anterior.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="134"/>
        <source>Add another part</source>
        <translation>Añadir otra parte</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="136"/>
        <source>Send receipt</source>
        <translation>Enviar el recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="250"/>
        <source>Could not save the receipt. Please ask a member of staff.</source>
        <translation>No se pudo guardar el recibo. Pida ayuda al personal.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="289"/>
        <location filename="../../ui/screens/receipt_flow.py" line="311"/>
        <location filename="../../ui/screens/receipt_flow.py" line="315"/>
        <source>Receipt sent</source>
        <translation>Recibo enviado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="147"/>
        <location filename="../../ui/screens/receipt_flow.py" line="337"/>
        <source>Your reference</source>
        <translation>Su referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="92"/>
        <source>Demo: duplicate memory is off. The demo camera shows the same receipt every time, so a receipt sent twice is not flagged here (a real kiosk flags it).</source>
        <translation>Demostración: la memoria de duplicados está desactivada. La cámara de demostración muestra siempre el mismo recibo, así que aquí no se marca un recibo enviado dos veces (un quiosco real sí lo marca).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="147"/>
        <location filename="../../ui/screens/receipt_flow.py" line="257"/>
        <source>Receipt saved</source>
        <translation>Recibo guardado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="156"/>
        <source>Item</source>
        <translation>Artículo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="156"/>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="156"/>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="156"/>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="171"/>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="206"/>
        <source>Receipt, part %1</source>
        <translation>Recibo, parte %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="220"/>
        <source>Part %1</source>
        <translation>Parte %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="259"/>
        <location filename="../../ui/screens/receipt_flow.py" line="293"/>
        <source>Queued: it will be sent as soon as the connection allows.</source>
        <translation>En cola: se enviará en cuanto la conexión lo permita.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="279"/>
        <location filename="../../ui/screens/receipt_flow.py" line="290"/>
        <source>Sent; waiting for the result…</source>
        <translation>Enviado; esperando el resultado…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="287"/>
        <source>Saved; staff will finish sending it.</source>
        <translation>Guardado; el personal terminará el envío.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="305"/>
        <location filename="../../ui/screens/receipt_flow.py" line="306"/>
        <source>Receipt accepted</source>
        <translation>Recibo aceptado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="308"/>
        <location filename="../../ui/screens/receipt_flow.py" line="309"/>
        <source>Receipt not accepted</source>
        <translation>Recibo no aceptado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="316"/>
        <source>Checking your receipt…</source>
        <translation>Comprobando su recibo…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="312"/>
        <source>Waiting for all parts…</source>
        <translation>Esperando todas las partes…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="332"/>
        <source>Points earned: %1</source>
        <translation>Puntos obtenidos: %1</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <location filename="../../ui/screens/start.py" line="22"/>
        <source>Welcome</source>
        <translation>Bienvenido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/start.py" line="22"/>
        <source>What would you like to do today?</source>
        <translation>¿Qué desea hacer hoy?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/start.py" line="26"/>
        <source>New customer</source>
        <translation>Nuevo cliente</translation>
    </message>
    <message>
        <location filename="../../ui/screens/start.py" line="26"/>
        <source>Photo and ID documents</source>
        <translation>Foto y documentos de identidad</translation>
    </message>
    <message>
        <location filename="../../ui/screens/start.py" line="31"/>
        <source>Submit a receipt</source>
        <translation>Enviar un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/start.py" line="32"/>
        <source>Earn points for a purchase</source>
        <translation>Gane puntos por una compra</translation>
    </message>
    <message>
        <location filename="../../ui/screens/start.py" line="41"/>
        <source>Touch a button to begin.</source>
        <translation>Toque un botón para empezar.</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <location filename="../../ui/texts.py" line="196"/>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="197"/>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="198"/>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="199"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="200"/>
        <source>waiting for images</source>
        <translation>esperando imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="201"/>
        <source>valid</source>
        <translation>válido</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="202"/>
        <source>invalid</source>
        <translation>no válido</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="56"/>
        <source>Device %1</source>
        <translation>Dispositivo %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="74"/>
        <source>Checking connection…</source>
        <translation>Comprobando la conexión…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="77"/>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="79"/>
        <source>Degraded: the server is failing</source>
        <translation>Degradado: el servidor está fallando</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="80"/>
        <location filename="../../ui/widgets/status_strip.py" line="87"/>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="81"/>
        <source>Offline: certificate not trusted</source>
        <translation>Sin conexión: certificado no fiable</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="82"/>
        <source>Offline: sign-in refused</source>
        <translation>Sin conexión: acceso rechazado</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="92"/>
        <source>Outbox: %1 waiting</source>
        <translation>Bandeja: %1 en espera</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="96"/>
        <source>%1 failed</source>
        <translation>%1 fallidos</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="107"/>
        <source>Camera live</source>
        <translation>Cámara activa</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="108"/>
        <source>Camera starting</source>
        <translation>Cámara iniciándose</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="109"/>
        <source>Camera reconnecting</source>
        <translation>Cámara reconectando</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="110"/>
        <source>Camera off</source>
        <translation>Cámara apagada</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="111"/>
        <source>Camera failed</source>
        <translation>Fallo de la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_strip.py" line="115"/>
        <source>demo</source>
        <translation>demostración</translation>
    </message>
</context>
<context>
    <name>SubmissionsView</name>
    <message>
        <location filename="../../ui/screens/submissions.py" line="22"/>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="23"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="24"/>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="25"/>
        <source>Delivery</source>
        <translation>Entrega</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="26"/>
        <source>Verdict</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="27"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="30"/>
        <source>receipt</source>
        <translation>recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="31"/>
        <source>new customer</source>
        <translation>cliente nuevo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="32"/>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="33"/>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="34"/>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="35"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="36"/>
        <source>deleted</source>
        <translation>eliminado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="37"/>
        <source>valid</source>
        <translation>válido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="38"/>
        <source>invalid</source>
        <translation>no válido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="39"/>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="40"/>
        <source>incomplete</source>
        <translation>incompleto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="41"/>
        <source>received</source>
        <translation>recibido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="42"/>
        <source>received (duplicate)</source>
        <translation>recibido (duplicado)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="68"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="85"/>
        <source>%1 submissions, %2 with a final verdict</source>
        <translation>%1 envíos, %2 con resultado definitivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="97"/>
        <source>%1 points</source>
        <translation>%1 puntos</translation>
    </message>
</context>
</TS>
