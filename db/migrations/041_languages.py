"""041: English and Spanish (S13).

- Each account keeps the language of its pages, mail and notices. A consumer whose contact
  language was recorded as Spanish starts in Spanish.
- A notice records the language it was written in.
- Authorization texts are versioned per language: version 1 in Spanish is published here, written
  out for the same reason as 003's English (what consumers agreed to must never change with a file).
"""

from datetime import UTC, datetime

import peewee as pw
from peewee_migrate import Migrator

AGENT_OF_RECORD = """\
Autorizo al agente de seguros con licencia nombrado arriba a actuar como mi Agente Registrado (Agent of Record) ante el mercado de seguros.

Al confirmar, permito que este agente:
- vea la información de mi cuenta del mercado de seguros, mi solicitud y mi caso;
- comience, complete, cambie y envíe en mi nombre una solicitud de cobertura de salud;
- compare planes conmigo e inscriba a mi hogar en el plan que yo elija;
- lea mis avisos y facturas y suba por mí documentos de verificación;
- informe por mí los cambios en mi hogar, mis ingresos, mi dirección o mi cobertura.

Entiendo que:
- la compañía de seguros del plan que yo elija puede pagarle una comisión al agente;
- puedo quitar a este agente, o elegir otro, en cualquier momento desde Administrar asistente, y el acceso del agente termina de inmediato;
- esta autorización termina en la fecha indicada, a menos que yo la renueve;
- el agente debe mantener mi información en privado y usarla solo para ayudarme con mi cobertura a través del mercado de seguros;
- cada acción que el agente haga por mí queda registrada, y puedo verla en mis páginas de Administrar asistente.
"""
ASSISTER_AUTHORIZATION = """\
Autorizo al navegador o consejero certificado de solicitudes nombrado arriba a ayudarme con mi cobertura de salud a través del mercado de seguros.

Al confirmar, permito que este asistente:
- vea la información de mi cuenta del mercado de seguros, mi solicitud y mi caso;
- comience, complete, cambie y envíe en mi nombre una solicitud de cobertura de salud;
- inscriba a mi hogar en el plan que yo elija (los navegadores y los consejeros certificados de solicitudes no pueden recomendar ni vender un plan);
- lea mis avisos y facturas y suba por mí documentos de verificación;
- informe por mí los cambios en mi hogar, mis ingresos, mi dirección o mi cobertura.

Entiendo que:
- esta ayuda es gratuita; el asistente no puede cobrarme ni aceptar pagos de mí;
- puedo quitar a este asistente, o elegir otro, en cualquier momento desde Administrar asistente, y el acceso del asistente termina de inmediato;
- esta autorización termina en la fecha indicada, a menos que yo la renueve;
- el asistente debe mantener mi información en privado y usarla solo para ayudarme con mi cobertura a través del mercado de seguros;
- cada acción que el asistente haga por mí queda registrada, y puedo verla en mis páginas de Administrar asistente.
"""
SPANISH_VERSION_1 = [
    ("agent_of_record", "Autorización de Agente Registrado", AGENT_OF_RECORD),
    ("assister_authorization", "Autorización de asistente", ASSISTER_AUTHORIZATION),
]


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields("user_account", language=pw.CharField(max_length=5, default="en"))
    migrator.add_fields("authorization_text", language=pw.CharField(max_length=5, default="en"))
    migrator.add_fields("notice", language=pw.CharField(max_length=5, default="en"))
    # 001 named the index after the model class.
    migrator.sql("DROP INDEX authorizationtext_kind_version")
    migrator.add_index("authorization_text", "kind", "language", "version", unique=True)

    def start_in_spanish_and_publish():
        migrator.orm["user_account"].update(language="es").where(
            pw.SQL(
                "id IN (SELECT user_id FROM consumer"
                " WHERE user_id IS NOT NULL AND preferred_language = 'Spanish')"
            )
        ).execute()
        published_at = datetime.now(UTC).replace(tzinfo=None)
        migrator.orm["authorization_text"].insert_many(
            [
                {
                    "kind": kind,
                    "language": "es",
                    "version": 1,
                    "title": title,
                    "body": body,
                    "published_at": published_at,
                }
                for kind, title, body in SPANISH_VERSION_1
            ]
        ).execute()

    migrator.run(start_in_spanish_and_publish)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.sql("DELETE FROM authorization_text WHERE language = 'es'")
    migrator.drop_index("authorization_text", "kind", "language", "version")
    migrator.sql("CREATE UNIQUE INDEX authorizationtext_kind_version ON authorization_text (kind, version)")
    migrator.remove_fields("notice", "language")
    migrator.remove_fields("authorization_text", "language")
    migrator.remove_fields("user_account", "language")
