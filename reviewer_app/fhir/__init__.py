"""HL7 FHIR R4 in and out: Da Vinci PAS requests and responses, DTR questionnaires.

Offline, as files. A PAS request Bundle is read into the same ``Intake`` as a
``umcase-intake/1`` request (``request.intake_from_fhir``), so everything downstream is
unchanged; a decided case is written back as a PAS response Bundle (``response``); the
policy's criteria tree is published as a DTR Questionnaire (``questionnaire``). The
models are ``fhir.resources``' R4B classes (PAS and DTR are R4 guides; the library's
default models are R5). Nothing here imports Qt.
"""
