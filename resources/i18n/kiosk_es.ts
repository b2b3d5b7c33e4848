<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AdminScreen</name>
    <message>
        <location filename="../../ui/screens/admin.py" line="52"/>
        <source>Job</source>
        <translation>Trabajo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="53"/>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="54"/>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="55"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="56"/>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="57"/>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="58"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="74"/>
        <source>Admin</source>
        <translation>Administración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="76"/>
        <source>Outbox</source>
        <translation>Bandeja de salida</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="83"/>
        <source>Submissions</source>
        <translation>Envíos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="85"/>
        <source>Health</source>
        <translation>Diagnóstico</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="97"/>
        <source>Exit the kiosk?</source>
        <translation>¿Cerrar el quiosco?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="99"/>
        <source>The kiosk closes and customers cannot use it until it is started again. Pictures already sent or waiting in the outbox are kept.</source>
        <translation>El quiosco se cierra y los clientes no podrán usarlo hasta que se vuelva a iniciar. Las fotos ya enviadas o en espera en la bandeja de salida se conservan.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="103"/>
        <source>Stay</source>
        <translation>Quedarse</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="184"/>
        <source>Job %1: %2</source>
        <translation>Trabajo %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="186"/>
        <source>no problem recorded</source>
        <translation>sin problemas registrados</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="79"/>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="45"/>
        <source>AmpliFi image</source>
        <translation>Imagen AmpliFi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="46"/>
        <source>AmpliFi session</source>
        <translation>Sesión AmpliFi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="47"/>
        <source>SessionM receipt</source>
        <translation>Recibo SessionM</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="48"/>
        <source>SessionM receipt part</source>
        <translation>Parte de recibo SessionM</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="81"/>
        <source>Configuration</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="88"/>
        <location filename="../../ui/screens/admin.py" line="102"/>
        <source>Exit kiosk</source>
        <translation>Cerrar el quiosco</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="89"/>
        <source>Back to kiosk</source>
        <translation>Volver al quiosco</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="136"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="137"/>
        <source>Retry selected</source>
        <translation>Reintentar selección</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="138"/>
        <source>Retry all failed</source>
        <translation>Reintentar todos los fallidos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="140"/>
        <source>Delete selected</source>
        <translation>Eliminar selección</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin.py" line="156"/>
        <source>Waiting %1 · sending %2 · delivered %3 · failed %4</source>
        <translation>En espera %1 · enviando %2 · entregados %3 · fallidos %4</translation>
    </message>
</context>
<context>
    <name>CameraTab</name>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="74"/>
        <source>Camera source</source>
        <translation>Fuente de la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="90"/>
        <source>Find cameras</source>
        <translation>Buscar cámaras</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="93"/>
        <source>Use selected</source>
        <translation>Usar la seleccionada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="102"/>
        <source>Looking for cameras…</source>
        <translation>Buscando cámaras…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="112"/>
        <source>No camera found; only the demo camera is listed.</source>
        <translation>No se encontró ninguna cámara; solo aparece la cámara de demostración.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="129"/>
        <source>Demo camera</source>
        <translation>Cámara de demostración</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="156"/>
        <source>Health check</source>
        <translation>Comprobación de la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="162"/>
        <source>Hold an ID card in front of the camera, then run the check.</source>
        <translation>Sostenga una tarjeta de identidad ante la cámara y ejecute la comprobación.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="167"/>
        <source>Measured</source>
        <translation>Medido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="167"/>
        <source>Captures need</source>
        <translation>Las fotos necesitan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="167"/>
        <source>Verdict</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="186"/>
        <source>Show staff meters beside the preview</source>
        <translation>Mostrar los medidores del personal junto a la imagen</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="221"/>
        <source>%1: %2 of %3 checks failed.</source>
        <translation>%1: fallaron %2 de %3 comprobaciones.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="253"/>
        <source>%1 px wide recommended (%2 dpi on a card)</source>
        <translation>se recomiendan %1 px de ancho (%2 ppp en una tarjeta)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="158"/>
        <source>Run health check</source>
        <translation>Comprobar la cámara</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/admin_camera.py" line="110"/>
        <source>Found %n cameras; the demo camera is always listed.</source>
        <translation>
            <numerusform>Se encontró %n cámara; la cámara de demostración siempre aparece.</numerusform>
            <numerusform>Se encontraron %n cámaras; la cámara de demostración siempre aparece.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="118"/>
        <source>Looking for cameras failed; see the kiosk log.</source>
        <translation>La búsqueda de cámaras falló; consulte el registro del quiosco.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="204"/>
        <source>No camera is open.</source>
        <translation>No hay ninguna cámara abierta.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="209"/>
        <source>Measuring…</source>
        <translation>Midiendo…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="219"/>
        <source>%1: ready for captures.</source>
        <translation>%1: lista para tomar fotos.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="234"/>
        <source>Pass</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="234"/>
        <source>Fail</source>
        <translation>Falla</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="248"/>
        <source>not measured</source>
        <translation>sin medir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="252"/>
        <source>Resolution %1 × %2</source>
        <translation>Resolución %1 × %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="259"/>
        <source>%1 frames a second</source>
        <translation>%1 imágenes por segundo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="260"/>
        <location filename="../../ui/screens/admin_camera.py" line="266"/>
        <source>at least %1</source>
        <translation>al menos %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="265"/>
        <source>Focus %1</source>
        <translation>Enfoque %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="269"/>
        <source>no ID card in view</source>
        <translation>ninguna tarjeta a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="272"/>
        <source>Card detail %1 dpi</source>
        <translation>Detalle de la tarjeta %1 ppp</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="273"/>
        <source>at least %1 dpi</source>
        <translation>al menos %1 ppp</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="289"/>
        <source>Demo: show the good receipt</source>
        <translation>Demostración: mostrar el recibo bueno</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_camera.py" line="291"/>
        <source>Demo: show an unreadable receipt</source>
        <translation>Demostración: mostrar un recibo ilegible</translation>
    </message>
</context>
<context>
    <name>CaptureStep</name>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="127"/>
        <location filename="../../ui/screens/capture_step.py" line="162"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="129"/>
        <source>Take photo now</source>
        <translation>Tomar la foto ahora</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="133"/>
        <source>Skip this step</source>
        <translation>Omitir este paso</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="155"/>
        <source>Retake</source>
        <translation>Repetir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="157"/>
        <source>Staff override…</source>
        <translation>Aprobación del personal…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="160"/>
        <source>Use this photo</source>
        <translation>Usar esta foto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="177"/>
        <source>Enter the staff PIN to override a failed check</source>
        <translation>Introduzca el PIN del personal para aceptar una comprobación fallida</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="204"/>
        <source>Check the picture</source>
        <translation>Revise la imagen</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="206"/>
        <source>Starting the camera…</source>
        <translation>Iniciando la cámara…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="217"/>
        <source>No camera available. Ask a member of staff.</source>
        <translation>No hay cámara disponible. Pida ayuda al personal.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="274"/>
        <source>The camera is not available. Reconnecting…</source>
        <translation>La cámara no está disponible. Reconectando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="301"/>
        <source>Hold still…</source>
        <translation>No se mueva…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="317"/>
        <source>Taking the picture…</source>
        <translation>Tomando la foto…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="317"/>
        <source>Hold still, this takes a few seconds.</source>
        <translation>No se mueva, tarda unos segundos.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="348"/>
        <source>All checks passed</source>
        <translation>Todas las comprobaciones superadas</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="352"/>
        <source>This picture failed a check</source>
        <translation>Esta imagen no superó una comprobación</translation>
    </message>
    <message>
        <location filename="../../ui/screens/capture_step.py" line="354"/>
        <source>This picture cannot be sent: %1</source>
        <translation>Esta imagen no se puede enviar: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/capture_step.py" line="366"/>
        <source>Staff: override possible after %n more attempts.</source>
        <translation>
            <numerusform>Personal: se podrá anular tras %n intento más.</numerusform>
            <numerusform>Personal: se podrá anular tras %n intentos más.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <location filename="../../ui/texts.py" line="18"/>
        <source>Face detection</source>
        <translation>Detección de cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="19"/>
        <source>One face</source>
        <translation>Una sola cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="20"/>
        <source>Close enough</source>
        <translation>Suficientemente cerca</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="21"/>
        <source>Centred</source>
        <translation>Centrada</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="22"/>
        <source>Head straight</source>
        <translation>Cabeza recta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="23"/>
        <source>Facing the camera</source>
        <translation>Mirando a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="24"/>
        <source>Lighting</source>
        <translation>Iluminación</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="25"/>
        <source>No shine</source>
        <translation>Sin brillos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="26"/>
        <source>Sharp</source>
        <translation>Nitidez</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="27"/>
        <source>Steady</source>
        <translation>Sin movimiento</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="28"/>
        <location filename="../../ui/texts.py" line="42"/>
        <source>Document found</source>
        <translation>Documento encontrado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="29"/>
        <source>Inside the frame</source>
        <translation>Dentro del encuadre</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="30"/>
        <location filename="../../ui/texts.py" line="46"/>
        <source>Close enough to read</source>
        <translation>Lo bastante cerca para leerse</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="34"/>
        <source>Checks could run</source>
        <translation>Las comprobaciones pudieron hacerse</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="35"/>
        <source>Overlaps the previous part</source>
        <translation>Se superpone con la parte anterior</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="37"/>
        <location filename="../../ui/texts.py" line="38"/>
        <source>Held flat to the camera</source>
        <translation>Plano frente a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="40"/>
        <source>All four corners in view</source>
        <translation>Las cuatro esquinas a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="41"/>
        <source>Big enough in the picture</source>
        <translation>Lo bastante grande en la foto</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="48"/>
        <source>The other side of the card</source>
        <translation>El otro lado de la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="31"/>
        <source>No glare</source>
        <translation>Sin reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="32"/>
        <source>Looks like a receipt</source>
        <translation>Parece un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="33"/>
        <source>Not sent before</source>
        <translation>No enviado antes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="36"/>
        <source>Licence data valid</source>
        <translation>Datos de la licencia válidos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="39"/>
        <source>Barcode visible</source>
        <translation>Código de barras visible</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="43"/>
        <source>Passport code read</source>
        <translation>Código del pasaporte leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="44"/>
        <source>Passport code visible</source>
        <translation>Código del pasaporte visible</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="45"/>
        <source>Barcode read</source>
        <translation>Código de barras leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="47"/>
        <source>Straight</source>
        <translation>Recto</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="49"/>
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
        <location filename="../../ui/screens/admin_config.py" line="69"/>
        <source>Setting</source>
        <translation>Ajuste</translation>
    </message>
    <message>
        <location filename="../../ui/screens/admin_config.py" line="69"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <location filename="../../ui/screens/consent.py" line="17"/>
        <source>To open your account this kiosk takes a photo of your face and pictures of your identity documents. They are sent securely to the bank to verify your identity, and no copy stays on this kiosk once they are sent. You can stop at any time: Cancel throws the pictures away.</source>
        <translation>Para abrir su cuenta, este quiosco toma una foto de su cara y fotos de sus documentos de identidad. Se envían de forma segura al banco para verificar su identidad y no queda ninguna copia en este quiosco una vez enviadas. Puede detenerse en cualquier momento: Cancelar elimina las fotos.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="24"/>
        <source>This kiosk takes a picture of your receipt and sends it, with your customer number, to the promotion&apos;s provider to check it and award your points. No copy stays on this kiosk once it is sent. You can stop at any time.</source>
        <translation>Este quiosco toma una foto de su recibo y la envía, con su número de cliente, al proveedor de la promoción para comprobarlo y asignarle sus puntos. No queda ninguna copia en este quiosco una vez enviada. Puede detenerse en cualquier momento.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="71"/>
        <source>Before we start</source>
        <translation>Antes de empezar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="71"/>
        <source>Your privacy</source>
        <translation>Su privacidad</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="75"/>
        <source>I agree</source>
        <translation>Acepto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="77"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>CustomerFlow</name>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="89"/>
        <source>Which document do you have?</source>
        <translation>¿Qué documento tiene?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="89"/>
        <source>Choose one.</source>
        <translation>Elija uno.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="95"/>
        <source>I have none of these</source>
        <translation>No tengo ninguno de estos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="98"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="105"/>
        <source>Skip this step</source>
        <translation>Omitir este paso</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="105"/>
        <source>Why is it skipped?</source>
        <translation>¿Por qué se omite?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="116"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="122"/>
        <location filename="../../ui/screens/customer_flow.py" line="328"/>
        <source>Check your pictures</source>
        <translation>Revise sus imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="123"/>
        <source>Tap to retake</source>
        <translation>Toque para repetir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="128"/>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="132"/>
        <source>Cancel and leave</source>
        <translation>Cancelar y salir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="133"/>
        <source>Retake all pictures</source>
        <translation>Repetir todas las fotos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="290"/>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="329"/>
        <source>Not every check passed: staff accepted some pictures by override.</source>
        <translation>No todas las comprobaciones se superaron: el personal aceptó algunas fotos por excepción.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="331"/>
        <source>Every check passed. Ready to send.</source>
        <translation>Todas las comprobaciones superadas. Listo para enviar.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="335"/>
        <source>Staff override recorded for: %1</source>
        <translation>Aprobación del personal registrada para: %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="341"/>
        <source>Skipped: %1 (%2)</source>
        <translation>Omitido: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="376"/>
        <source>Could not save the pictures. Please ask a member of staff.</source>
        <translation>No se pudieron guardar las imágenes. Pida ayuda al personal.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="389"/>
        <source>Throw the pictures away?</source>
        <translation>¿Eliminar las fotos?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="390"/>
        <source>Your pictures will be deleted and nothing will be sent.</source>
        <translation>Sus fotos se eliminarán y no se enviará nada.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="391"/>
        <source>Delete and leave</source>
        <translation>Eliminar y salir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer_flow.py" line="392"/>
        <source>Keep going</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>FlowSteps</name>
    <message>
        <location filename="../../ui/flow_steps.py" line="19"/>
        <source>The customer does not have this document</source>
        <translation>El cliente no tiene este documento</translation>
    </message>
    <message>
        <location filename="../../ui/flow_steps.py" line="20"/>
        <source>The customer did not bring it today</source>
        <translation>El cliente no lo ha traído hoy</translation>
    </message>
    <message>
        <location filename="../../ui/flow_steps.py" line="21"/>
        <source>Staff: not needed for this customer</source>
        <translation>Personal: no es necesario para este cliente</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="167"/>
        <source>Face photo</source>
        <translation>Foto de la cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="173"/>
        <location filename="../../ui/texts.py" line="178"/>
        <source>Driver&apos;s licence</source>
        <translation>Permiso de conducir</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="185"/>
        <source>Passport</source>
        <translation>Pasaporte</translation>
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
        <location filename="../../ui/widgets/idle_overlay.py" line="26"/>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/idle_overlay.py" line="31"/>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/idle_overlay.py" line="42"/>
        <source>For your privacy this session ends in %1 s. Touch the screen to continue.</source>
        <translation>Por su privacidad, esta sesión termina en %1 s. Toque la pantalla para continuar.</translation>
    </message>
</context>
<context>
    <name>Instructions</name>
    <message>
        <location filename="../../ui/texts.py" line="53"/>
        <source>Look at the camera</source>
        <translation>Mire a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="54"/>
        <source>Only one person in the picture, please</source>
        <translation>Solo una persona en la imagen, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="55"/>
        <source>Move closer</source>
        <translation>Acérquese</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="56"/>
        <source>Centre your face in the guide</source>
        <translation>Centre la cara en la guía</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="57"/>
        <source>Keep your head straight</source>
        <translation>Mantenga la cabeza recta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="58"/>
        <source>Look straight at the camera</source>
        <translation>Mire de frente a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="59"/>
        <source>Hold still, the picture is blurred</source>
        <translation>No se mueva, la imagen está borrosa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="60"/>
        <source>Too dark: more light on your face, please</source>
        <translation>Demasiado oscuro: más luz en la cara, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="61"/>
        <source>Too bright: move out of the direct light</source>
        <translation>Demasiada luz: apártese de la luz directa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="62"/>
        <source>Shine on your face: move away from the bright light</source>
        <translation>Brillo en la cara: apártese de la luz intensa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="63"/>
        <source>Face checks unavailable: face model not found</source>
        <translation>Comprobación facial no disponible: falta el modelo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="64"/>
        <source>Place the receipt flat on a dark surface in view</source>
        <translation>Coloque el recibo plano sobre una superficie oscura</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="65"/>
        <source>Fit the whole receipt in the frame</source>
        <translation>Encuadre el recibo completo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="66"/>
        <source>Move closer; capture a long receipt in parts</source>
        <translation>Acérquese; un recibo largo se captura por partes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="67"/>
        <source>Too dark: more light on the receipt, please</source>
        <translation>Demasiado oscuro: más luz sobre el recibo, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="68"/>
        <source>Too bright: move the receipt out of the direct light</source>
        <translation>Demasiada luz: aparte el recibo de la luz directa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="69"/>
        <source>Tilt the receipt to remove glare</source>
        <translation>Incline el recibo para quitar los reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="70"/>
        <source>Hold still, the receipt is blurred</source>
        <translation>No se mueva, el recibo está borroso</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="71"/>
        <source>This does not look like a receipt</source>
        <translation>Esto no parece un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="72"/>
        <source>This receipt was already submitted</source>
        <translation>Este recibo ya se envió</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="73"/>
        <source>Hold still</source>
        <translation>No se mueva</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="74"/>
        <source>Document checks unavailable in this build</source>
        <translation>Comprobación de documentos no disponible en esta versión</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="75"/>
        <source>Overlap this part with the end of the previous one</source>
        <translation>Solape esta parte con el final de la anterior</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="76"/>
        <source>No more parts can be added</source>
        <translation>No se pueden añadir más partes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="78"/>
        <source>Show the card to the camera</source>
        <translation>Muestre la tarjeta a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="79"/>
        <source>Show the whole card</source>
        <translation>Muestre la tarjeta completa</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="80"/>
        <source>Show the whole card, flat to the camera</source>
        <translation>Muestre la tarjeta completa, plana frente a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="81"/>
        <source>Move the card closer</source>
        <translation>Acerque la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="82"/>
        <source>Move the card back a little</source>
        <translation>Aleje un poco la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="83"/>
        <source>Straighten the card</source>
        <translation>Enderece la tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="84"/>
        <source>Tilt the card to remove glare</source>
        <translation>Incline la tarjeta para quitar los reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="85"/>
        <source>Hold the card still and flat</source>
        <translation>Sostenga la tarjeta quieta y plana</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="86"/>
        <source>Show the passport to the camera</source>
        <translation>Muestre el pasaporte a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="87"/>
        <source>Show the whole passport</source>
        <translation>Muestre el pasaporte completo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="88"/>
        <source>Show the whole passport, flat to the camera</source>
        <translation>Muestre el pasaporte completo, plano frente a la cámara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="89"/>
        <source>Move the passport closer</source>
        <translation>Acerque el pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="90"/>
        <source>Move the passport back a little</source>
        <translation>Aleje un poco el pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="91"/>
        <source>Straighten the passport</source>
        <translation>Enderece el pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="92"/>
        <source>Tilt the passport to remove glare</source>
        <translation>Incline el pasaporte para quitar los reflejos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="93"/>
        <source>Hold the passport still and flat</source>
        <translation>Sostenga el pasaporte quieto y plano</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="94"/>
        <source>Too dark: add light</source>
        <translation>Demasiado oscuro: añada luz</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="95"/>
        <source>Too bright: reduce the light</source>
        <translation>Demasiada luz: redúzcala</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="96"/>
        <source>Turn the card over to show the barcode</source>
        <translation>Dé la vuelta a la tarjeta para mostrar el código de barras</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="97"/>
        <source>The licence barcode is incomplete: ask a member of staff</source>
        <translation>El código del permiso está incompleto: pida ayuda al personal</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="98"/>
        <source>The licence expiry date cannot be read: ask a member of staff</source>
        <translation>No se puede leer la caducidad del permiso: pida ayuda al personal</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="101"/>
        <source>This licence has expired</source>
        <translation>Este permiso ha caducado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="102"/>
        <source>This barcode is not from a driver&apos;s licence</source>
        <translation>Este código de barras no es de un permiso de conducir</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="103"/>
        <source>Show the passport photo page</source>
        <translation>Muestre la página de la foto del pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="104"/>
        <source>MRZ not verified: OCR not installed</source>
        <translation>MRZ sin verificar: OCR no instalado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="105"/>
        <source>That is the same side again</source>
        <translation>Es la misma cara otra vez</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="106"/>
        <source>Show the front of the licence, with the photo</source>
        <translation>Muestre el anverso del permiso, con la foto</translation>
    </message>
</context>
<context>
    <name>InvalidCodes</name>
    <message>
        <location filename="../../ui/texts.py" line="195"/>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="196"/>
        <source>Receipt cannot be read clearly</source>
        <translation>El recibo no se puede leer con claridad</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="197"/>
        <source>Receipt is cropped</source>
        <translation>El recibo está recortado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="198"/>
        <source>Receipt submitted twice</source>
        <translation>Recibo enviado dos veces</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="199"/>
        <source>Receipt submitted outside of campaign dates</source>
        <translation>Recibo enviado fuera de las fechas de la campaña</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="200"/>
        <source>Image is not a receipt</source>
        <translation>La imagen no es un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="201"/>
        <source>No valid purchases found</source>
        <translation>No se encontraron compras válidas</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="202"/>
        <source>Purchases are from a non-qualifying store</source>
        <translation>Las compras son de una tienda no participante</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="203"/>
        <source>Image cannot be read clearly</source>
        <translation>La imagen no se puede leer con claridad</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="204"/>
        <source>Image is unrelated to campaign</source>
        <translation>La imagen no tiene relación con la campaña</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="205"/>
        <source>Image submitted twice</source>
        <translation>Imagen enviada dos veces</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="206"/>
        <source>Image submitted outside of campaign dates</source>
        <translation>Imagen enviada fuera de las fechas de la campaña</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="207"/>
        <source>Image has no valid purchases found, similar to 6</source>
        <translation>La imagen no contiene compras válidas</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="208"/>
        <source>Multiple submissions not allowed for this campaign</source>
        <translation>Esta campaña no admite varios envíos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="209"/>
        <source>Required fields missing from the receipt</source>
        <translation>Faltan datos obligatorios en el recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="210"/>
        <source>Loyalty card linked to same retailer</source>
        <translation>Tarjeta de fidelidad vinculada al mismo comercio</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="211"/>
        <source>Award limit reached</source>
        <translation>Se alcanzó el límite de premios</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="212"/>
        <source>Image appears to have been altered.</source>
        <translation>La imagen parece haber sido alterada.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="213"/>
        <source>Non-participating region</source>
        <translation>Región no participante</translation>
    </message>
</context>
<context>
    <name>Kinds</name>
    <message>
        <location filename="../../ui/texts.py" line="165"/>
        <source>Face photo</source>
        <translation>Foto de la cara</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="171"/>
        <source>Driver&apos;s licence – front</source>
        <translation>Permiso de conducir – anverso</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="176"/>
        <source>Driver&apos;s licence – back</source>
        <translation>Permiso de conducir – reverso</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="181"/>
        <source>Passport photo page</source>
        <translation>Página de la foto del pasaporte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="188"/>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="166"/>
        <source>Look at the camera and keep your face inside the oval.</source>
        <translation>Mire a la cámara y mantenga la cara dentro del óvalo.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="172"/>
        <source>Hold the front of the licence flat inside the frame.</source>
        <translation>Sostenga el anverso del permiso plano dentro del marco.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="177"/>
        <source>Turn the licence over: the barcode side inside the frame.</source>
        <translation>Dé la vuelta al permiso: el lado del código de barras dentro del marco.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="182"/>
        <source>Open the passport at the photo page and place it inside the frame.</source>
        <translation>Abra el pasaporte por la página de la foto y colóquelo dentro del marco.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="189"/>
        <source>Lay the receipt flat on the tray, the whole receipt in view.</source>
        <translation>Coloque el recibo plano en la bandeja, completo a la vista.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/window.py" line="98"/>
        <location filename="../../ui/window.py" line="185"/>
        <source>DEMO — sandbox server and demo data; nothing is sent to a real bank</source>
        <translation>DEMO — servidor de pruebas y datos ficticios; nada llega a un banco real</translation>
    </message>
</context>
<context>
    <name>Meters</name>
    <message>
        <location filename="../../ui/texts.py" line="111"/>
        <source>faces %1, need %2</source>
        <translation>caras %1, se necesita %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="112"/>
        <source>eyes %1 px apart, need %2</source>
        <translation>ojos a %1 px, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="113"/>
        <source>off centre %1 % across, %2 % down; max %3, %4</source>
        <translation>descentrado %1 % horiz., %2 % vert.; máx. %3, %4</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="114"/>
        <source>head tilt %1°, max %2°</source>
        <translation>cabeza inclinada %1°, máx. %2°</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="115"/>
        <source>head turn %1°, max %2°</source>
        <translation>cabeza girada %1°, máx. %2°</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="116"/>
        <source>brightness %1 of 255, need %2–%3</source>
        <translation>brillo %1 de 255, entre %2 y %3</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="117"/>
        <source>shine %1 % of face, max %2 %</source>
        <translation>reflejos %1 % de la cara, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="118"/>
        <source>sharpness %1, need %2</source>
        <translation>nitidez %1, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="119"/>
        <source>movement %1 grey levels, max %2</source>
        <translation>movimiento %1 niveles de gris, máx. %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="120"/>
        <source>in view</source>
        <translation>a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="121"/>
        <source>not in view</source>
        <translation>no está a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="122"/>
        <source>edge room %1 % of frame, need %2 %</source>
        <translation>margen %1 % del encuadre, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="123"/>
        <source>shape %1:1, need %2:1 ± %3 %</source>
        <translation>forma %1:1, se necesita %2:1 ± %3 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="124"/>
        <source>width %1 % of frame, need %2–%3 %</source>
        <translation>ancho %1 % del encuadre, entre %2 y %3 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="125"/>
        <source>tilt %1°, max %2°</source>
        <translation>inclinación %1°, máx. %2°</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="126"/>
        <source>glare %1 % of card, max %2 %</source>
        <translation>reflejo %1 % de la tarjeta, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="127"/>
        <source>detail %1 dpi, need %2</source>
        <translation>detalle %1 ppp, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="128"/>
        <source>barcode %1 % of card, need %2 %</source>
        <translation>código %1 % de la tarjeta, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="129"/>
        <source>no barcode in view</source>
        <translation>ningún código de barras a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="130"/>
        <source>barcode read</source>
        <translation>código de barras leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="131"/>
        <source>barcode not read</source>
        <translation>código de barras no leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="132"/>
        <source>licence data complete</source>
        <translation>datos del permiso completos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="133"/>
        <source>licence data refused</source>
        <translation>datos del permiso rechazados</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="134"/>
        <source>passport code in view</source>
        <translation>código del pasaporte a la vista</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="135"/>
        <source>no passport code in view</source>
        <translation>código del pasaporte no visible</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="136"/>
        <source>check digits and fields valid</source>
        <translation>dígitos de control y campos válidos</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="137"/>
        <source>passport code not read</source>
        <translation>código del pasaporte no leído</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="138"/>
        <source>width %1 px, need %2</source>
        <translation>ancho %1 px, mínimo %2</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="139"/>
        <source>paper %1 % of area, need %2 %</source>
        <translation>papel %1 % del área, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="140"/>
        <source>likeness to a sent one %1 %, max %2 %</source>
        <translation>parecido a uno enviado %1 %, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="141"/>
        <source>overlap %1 %, need %2 %</source>
        <translation>solapamiento %1 %, mínimo %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="142"/>
        <source>first part</source>
        <translation>primera parte</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="143"/>
        <source>likeness to the front %1 %, max %2 %</source>
        <translation>parecido al anverso %1 %, máx. %2 %</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="144"/>
        <source>no front to compare</source>
        <translation>sin anverso para comparar</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="145"/>
        <source>not judged: no face model</source>
        <translation>sin juzgar: falta el modelo facial</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="146"/>
        <source>passed</source>
        <translation>superada</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="147"/>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="148"/>
        <source>unavailable</source>
        <translation>no disponible</translation>
    </message>
</context>
<context>
    <name>MetersPanel</name>
    <message>
        <location filename="../../ui/widgets/meters.py" line="75"/>
        <source>Staff meters</source>
        <translation>Medidores del personal</translation>
    </message>
</context>
<context>
    <name>OverridePage</name>
    <message>
        <location filename="../../ui/screens/override_page.py" line="44"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../ui/screens/override_page.py" line="52"/>
        <source>Staff override</source>
        <translation>Aprobación del personal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/override_page.py" line="53"/>
        <source>Failed: %1. Why is this picture acceptable?</source>
        <translation>No superada: %1. ¿Por qué es aceptable esta imagen?</translation>
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
        <location filename="../../ui/widgets/preview_view.py" line="247"/>
        <source>Hold</source>
        <translation>Quieto</translation>
    </message>
</context>
<context>
    <name>ReceiptFlow</name>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="86"/>
        <source>Submit a receipt</source>
        <translation>Enviar un recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="86"/>
        <source>Choose the promotion</source>
        <translation>Elija la promoción</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="112"/>
        <location filename="../../ui/screens/receipt_flow.py" line="131"/>
        <location filename="../../ui/screens/receipt_flow.py" line="152"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="120"/>
        <source>Your customer number</source>
        <translation>Su número de cliente</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="120"/>
        <source>Type the number on your loyalty card or app.</source>
        <translation>Escriba el número de su tarjeta o aplicación de fidelidad.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="127"/>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="140"/>
        <source>Your receipt</source>
        <translation>Su recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="141"/>
        <source>Long receipt? Add another part, overlapping the last one.</source>
        <translation>¿Recibo largo? Añada otra parte que se solape con la anterior.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="147"/>
        <source>Add another part</source>
        <translation>Añadir otra parte</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="149"/>
        <source>Send receipt</source>
        <translation>Enviar el recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="167"/>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="262"/>
        <source>Could not save the receipt. Please ask a member of staff.</source>
        <translation>No se pudo guardar el recibo. Pida ayuda al personal.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="289"/>
        <source>Throw the receipt pictures away?</source>
        <translation>¿Eliminar las fotos del recibo?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="290"/>
        <source>The pictures will be deleted and nothing will be sent.</source>
        <translation>Las fotos se eliminarán y no se enviará nada.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="291"/>
        <source>Delete and leave</source>
        <translation>Eliminar y salir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="292"/>
        <source>Keep going</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="104"/>
        <source>Demo: duplicate memory is off. The demo camera shows the same receipt every time, so a receipt sent twice is not flagged here (a real kiosk flags it).</source>
        <translation>Demostración: la memoria de duplicados está desactivada. La cámara de demostración muestra siempre el mismo recibo, así que aquí no se marca un recibo enviado dos veces (un quiosco real sí lo marca).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="216"/>
        <source>Receipt, part %1</source>
        <translation>Recibo, parte %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_flow.py" line="234"/>
        <source>Part %1</source>
        <translation>Parte %1</translation>
    </message>
</context>
<context>
    <name>ReceiptResultPage</name>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="46"/>
        <location filename="../../ui/screens/receipt_result.py" line="79"/>
        <source>Receipt saved</source>
        <translation>Recibo guardado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="46"/>
        <location filename="../../ui/screens/receipt_result.py" line="154"/>
        <source>Your reference</source>
        <translation>Su referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="55"/>
        <source>Item</source>
        <translation>Artículo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="55"/>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="55"/>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="55"/>
        <source>Points</source>
        <translation>Puntos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="72"/>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="81"/>
        <location filename="../../ui/screens/receipt_result.py" line="108"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="93"/>
        <location filename="../../ui/screens/receipt_result.py" line="101"/>
        <source>Sent; waiting for the result…</source>
        <translation>Enviado; esperando el resultado…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="98"/>
        <source>Saved; staff will finish sending it.</source>
        <translation>Guardado; el personal terminará el envío.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="100"/>
        <location filename="../../ui/screens/receipt_result.py" line="126"/>
        <location filename="../../ui/screens/receipt_result.py" line="130"/>
        <source>Receipt sent</source>
        <translation>Recibo enviado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="104"/>
        <source>Queued: no connection right now. It will be sent automatically.</source>
        <translation>En cola: ahora no hay conexión. Se enviará automáticamente.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="120"/>
        <source>Receipt accepted</source>
        <translation>Recibo aceptado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="121"/>
        <source>Checked and valid for this promotion.</source>
        <translation>Comprobado y válido para esta promoción.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="123"/>
        <source>Receipt not accepted</source>
        <translation>Recibo no aceptado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="124"/>
        <source>The promotion&apos;s provider did not accept it.</source>
        <translation>El proveedor de la promoción no lo aceptó.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="127"/>
        <source>Waiting for all parts…</source>
        <translation>Esperando todas las partes…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="131"/>
        <source>Checking your receipt…</source>
        <translation>Comprobando su recibo…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt_result.py" line="149"/>
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
        <location filename="../../ui/texts.py" line="217"/>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="218"/>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="219"/>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="220"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="221"/>
        <source>waiting for images</source>
        <translation>esperando imágenes</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="222"/>
        <source>valid</source>
        <translation>válido</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="223"/>
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
    <name>SubmissionDonePage</name>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="30"/>
        <source>Thank you</source>
        <translation>Gracias</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="33"/>
        <source>Your reference</source>
        <translation>Su referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="42"/>
        <source>Please keep this reference for your records.</source>
        <translation>Conserve esta referencia para sus registros.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="46"/>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="52"/>
        <location filename="../../ui/screens/submission_done.py" line="73"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="69"/>
        <source>Sent. Thank you!</source>
        <translation>Enviado. ¡Gracias!</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="71"/>
        <source>Saved; staff will finish sending it.</source>
        <translation>Guardado; el personal terminará el envío.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submission_done.py" line="75"/>
        <source>Queued: no connection right now. It will be sent automatically.</source>
        <translation>En cola: ahora no hay conexión. Se enviará automáticamente.</translation>
    </message>
</context>
<context>
    <name>SubmissionsView</name>
    <message>
        <location filename="../../ui/screens/submissions.py" line="23"/>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="24"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="25"/>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="26"/>
        <source>Delivery</source>
        <translation>Entrega</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="27"/>
        <source>Verdict</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="28"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="31"/>
        <source>receipt</source>
        <translation>recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="32"/>
        <source>new customer</source>
        <translation>cliente nuevo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="33"/>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="34"/>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="35"/>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="36"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="37"/>
        <source>deleted</source>
        <translation>eliminado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="38"/>
        <source>valid</source>
        <translation>válido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="39"/>
        <source>invalid</source>
        <translation>no válido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="40"/>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="41"/>
        <source>incomplete</source>
        <translation>incompleto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="42"/>
        <source>received</source>
        <translation>recibido</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="43"/>
        <source>received (duplicate)</source>
        <translation>recibido (duplicado)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="73"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="90"/>
        <source>%1 submissions, %2 with a final verdict</source>
        <translation>%1 envíos, %2 con resultado definitivo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/submissions.py" line="102"/>
        <source>%1 points</source>
        <translation>%1 puntos</translation>
    </message>
</context>
</TS>
