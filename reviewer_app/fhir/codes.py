"""Systems, profiles and extension URLs of FHIR R4, Da Vinci PAS 2.0 and DTR 2.0.

The codes of X12 (the 278's review actions, levels of service) are named by X12's own
code systems, as the PAS guide binds them. The app's own extensions live under
``DEMO_BASE`` and are documented where they are used.
"""

from __future__ import annotations

from typing import Final

PAS: Final = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"
DTR: Final = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/"
DEMO_BASE: Final = "http://demo-health-plan.example.org/fhir"

# Profiles
PAS_REQUEST_BUNDLE: Final = PAS + "profile-pas-request-bundle"
PAS_RESPONSE_BUNDLE: Final = PAS + "profile-pas-response-bundle"
PAS_CLAIM_RESPONSE: Final = PAS + "profile-claimresponse"
DTR_QUESTIONNAIRE: Final = DTR + "dtr-std-questionnaire"
DTR_QUESTIONNAIRE_RESPONSE: Final = DTR + "dtr-questionnaireresponse"

# Extensions
LEVEL_OF_SERVICE: Final = PAS + "extension-levelOfServiceCode"
ITEM_TRACE_NUMBER: Final = PAS + "extension-itemTraceNumber"
REVIEW_ACTION: Final = PAS + "extension-reviewAction"
REVIEW_ACTION_CODE: Final = PAS + "extension-reviewActionCode"
ITEM_PRE_AUTH_PERIOD: Final = PAS + "extension-itemPreAuthPeriod"
ITEM_PRE_AUTH_ISSUE_DATE: Final = PAS + "extension-itemPreAuthIssueDate"
CLAIM_RESPONSE_REVIEWER: Final = PAS + "extension-claimResponseReviewer"
INFORMATION_ORIGIN: Final = DTR + "information-origin"
QR_CONTEXT: Final = DTR + "qr-context"
MIN_VALUE: Final = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE: Final = "http://hl7.org/fhir/StructureDefinition/maxValue"
QUESTIONNAIRE_UNIT: Final = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
# The app's own: the policy sentence an item stands for (sub-extensions anchor, quote),
# how a group combines its items (valueCode all | any), and where a final answer came
# from (valueCode intake | confirmed | reviewer).
POLICY_SOURCE: Final = DEMO_BASE + "/StructureDefinition/policy-source"
GROUP_LOGIC: Final = DEMO_BASE + "/StructureDefinition/criteria-group-logic"
ANSWER_ORIGIN: Final = DEMO_BASE + "/StructureDefinition/answer-origin"

# Code systems
CPT: Final = "http://www.ama-assn.org/go/cpt"
ICD10CM: Final = "http://hl7.org/fhir/sid/icd-10-cm"
NPI: Final = "http://hl7.org/fhir/sid/us-npi"
UCUM: Final = "http://unitsofmeasure.org"
PROCESS_PRIORITY: Final = "http://terminology.hl7.org/CodeSystem/processpriority"
CLAIM_TYPE: Final = "http://terminology.hl7.org/CodeSystem/claim-type"
ADJUDICATION: Final = "http://terminology.hl7.org/CodeSystem/adjudication"
V2_0203: Final = "http://terminology.hl7.org/CodeSystem/v2-0203"
COVERAGE_CLASS: Final = "http://terminology.hl7.org/CodeSystem/coverage-class"
SOPT: Final = "https://nahdo.org/sopt"  # Source of Payment Typology
X12_LEVEL_OF_SERVICE: Final = "https://codesystem.x12.org/005010/1338"
X12_REVIEW_ACTION: Final = "https://codesystem.x12.org/005010/306"
X12_REVIEW_REASON: Final = "https://codesystem.x12.org/external/886"
NUCC_TAXONOMY: Final = "http://nucc.org/provider-taxonomy"
LOINC: Final = "http://loinc.org"
PROVENANCE_PARTICIPANT: Final = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"

# Identifier systems of this workstation (synthetic organization)
AUTHORIZATION_NUMBERS: Final = DEMO_BASE + "/NamingSystem/authorization-number"
LETTER_SHA256: Final = DEMO_BASE + "/NamingSystem/letter-sha256"  # hex, as `letter verify`
CASE_IDS: Final = DEMO_BASE + "/NamingSystem/case-id"
CRITERIA: Final = DEMO_BASE + "/CodeSystem/criteria"  # codes: the policies' criterion IDs

# X12 306 review actions (HCR01)
CERTIFIED: Final = ("A1", "Certified in total")
NOT_CERTIFIED: Final = ("A3", "Not Certified")
PENDED: Final = ("A4", "Pended")
