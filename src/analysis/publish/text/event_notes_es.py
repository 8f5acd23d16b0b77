"""The Spanish of the ICE-access event notes added or rewritten after the December 2026 fact-check, keyed by event id
together with the English they translate (read by :mod:`analysis.publish.text.event_labels`)."""

# (event ids sharing one note, English note as in data/raw, Spanish note).
NEW_NOTES: tuple[tuple[str, str, str], ...] = (
    ("E09",
     "The 2025-11-12 letters, as quoted: block ICE 'as Illinois, New York, Massachusetts, Minnesota, and Washington "
     "have already done, and as Oregon is currently doing'. The letters describe Washington's block as done "
     "(decided or ordered); state officials put the technical cut-off in mid-November (row E41). Not a date by "
     "which the block was in force.",
     "Las cartas del 2025-11-12, según se citan: bloquear a ICE «como ya lo han hecho Illinois, Nueva York, "
     "Massachusetts, Minnesota y Washington, y como lo está haciendo actualmente Oregón». Las cartas describen el "
     "bloqueo de Washington como hecho (decidido u ordenado); funcionarios estatales sitúan el corte técnico a "
     "mediados de noviembre (fila E41). No es una fecha para la cual el bloqueo ya estuviera en vigor."),
    ("E30 E31 E32 E33 E34",
     "Stateline: one of 'at least five' states that 'specifically blocked' ICE from driver's licence records. "
     "Stateline names no channel (not Nlets). 2026-01-13 is the date of the Route Fifty and Homeland Security "
     "Newswire republications; Jalopnik carried the same list on 2026-01-12, so Stateline's original is earlier "
     "(its date was not found).",
     "Stateline: uno de los «al menos cinco» estados que «bloquearon específicamente» a ICE el acceso a los "
     "registros de licencias de conducir. Stateline no nombra ningún canal (no menciona Nlets). El 2026-01-13 es la "
     "fecha de las republicaciones de Route Fifty y Homeland Security Newswire; Jalopnik publicó la misma lista el "
     "2026-01-12, así que el original de Stateline es anterior (no se encontró su fecha)."),
    ("E41",
     "Washington State Standard (Daily Fly copy, 2026-01-08): 'State officials say they cut off U.S. Immigration "
     "and Customs Enforcement access to this data in mid-November.' No press or primary source states the day. "
     "Candidate days: 18 November (Jalopnik, 2026-01-12: 'locked out on November 18', no source given) and the "
     "morning of 19 November (the DOL/WSP joint statement as quoted only in a Tagalog copy, seattlephi-2026-01, "
     "weak). A student paper (rhshawkeye.com, not press) also says 'It was only mid-November of last year when ICE "
     "was cut off'. Replaces the day-precise 2025-11-18 row.",
     "Washington State Standard (copia de Daily Fly, 2026-01-08): «Funcionarios estatales dicen que cortaron el "
     "acceso del Servicio de Inmigración y Control de Aduanas de EE. UU. a estos datos a mediados de noviembre». "
     "Ninguna fuente periodística ni primaria indica el día. Días candidatos: el 18 de noviembre (Jalopnik, "
     "2026-01-12: «bloqueado el 18 de noviembre», sin indicar fuente) y la mañana del 19 de noviembre (la "
     "declaración conjunta del DOL y la WSP, citada solo en una copia en tagalo, seattlephi-2026-01, débil). Un "
     "periódico estudiantil (rhshawkeye.com, no es prensa) también dice «Fue apenas a mediados de noviembre del año "
     "pasado cuando se le cortó el acceso a ICE». Reemplaza la fila del 2025-11-18, que daba el día exacto."),
    ("E43",
     "Gov. Ferguson to Northwest Asian Weekly: 'My team is working on options to limit [CBP] access for immigration "
     "enforcement, while maintaining access necessary to protect public safety'; his administration 'shut off ICE's "
     "access to many systems, including our driver license and vehicle data'. CBP access still open and under "
     "review; not a report by the 2025-11-12 letters. Jalopnik (2026-01-12) also: 'CBP's access is still under "
     "review'.",
     "El gobernador Ferguson a Northwest Asian Weekly: «Mi equipo está trabajando en opciones para limitar el "
     "acceso [de CBP] para hacer cumplir las leyes de inmigración, manteniendo al mismo tiempo el acceso necesario "
     "para proteger la seguridad pública»; su administración «cortó el acceso de ICE a muchos sistemas, incluidos "
     "nuestros datos de licencias de conducir y de vehículos». El acceso de CBP sigue abierto y en revisión; no es "
     "algo que informaran las cartas del 2025-11-12. Jalopnik (2026-01-12) también: «el acceso de CBP todavía está "
     "en revisión»."),
    ("E48",
     "Seattle Times (Arcamax copy): DOL 'revoked Immigration and Customs Enforcement access to a data search system "
     "Wednesday' (DAPS, the state's own tool; not Nlets). No press copy prints the date; no source read says 'late "
     "August', so month_part is empty. Candidate days, all from weak copies: Tuesday 26 August (Migrant Insider "
     "newsletter: the state 'on Tuesday' told KING 5 it cut off ICE), Wednesday 27 August (redcensor.com, "
     "unidentified mirror), Thursday 28 August (VisaVerge: 'announced on Thursday, August 28, 2025'). The month "
     "rests on the copy's date as recorded in sources.csv (2025-08).",
     "Seattle Times (copia de Arcamax): el DOL «revocó el miércoles el acceso del Servicio de Inmigración y Control "
     "de Aduanas a un sistema de búsqueda de datos» (DAPS, la herramienta propia del estado; no Nlets). Ninguna "
     "copia de prensa publica la fecha; ninguna fuente leída dice «finales de agosto», por lo que month_part está "
     "vacío. Días candidatos, todos de copias débiles: el martes 26 de agosto (boletín Migrant Insider: el estado "
     "«el martes» dijo a KING 5 que había cortado el acceso a ICE), el miércoles 27 de agosto (redcensor.com, "
     "espejo no identificado), el jueves 28 de agosto (VisaVerge: «anunciado el jueves 28 de agosto de 2025»). El "
     "mes se basa en la fecha de la copia tal como consta en sources.csv (2025-08)."),
    ("E49",
     "'The researchers say U.S. Customs and Border Protection still has access to the data, but the state argues "
     "that's necessary for the agency's work at the Canadian border and airports.' CBP open as of the report; does "
     "not say how long.",
     "«Los investigadores dicen que la Oficina de Aduanas y Protección Fronteriza de EE. UU. todavía tiene acceso a "
     "los datos, pero el estado argumenta que eso es necesario para el trabajo de la agencia en la frontera con "
     "Canadá y en los aeropuertos». CBP abierto a la fecha del informe; no dice durante cuánto tiempo."),
    ("E50",
     "Delaware Call: the governor's spokesperson Mila Myles 'said that they are aware of the issue and are working "
     "to investigate it' (indirect speech). Delaware State Police (not the DMV): 'The DMV is the agency that "
     "authorizes certified entities to access the Delaware DMV database through Nlets.' No block reported; status "
     "after the date unknown.",
     "Delaware Call: la portavoz del gobernador, Mila Myles, «dijo que están al tanto del problema y están "
     "trabajando para investigarlo» (estilo indirecto). Policía Estatal de Delaware (no el DMV): «El DMV es la "
     "agencia que autoriza a las entidades certificadas a acceder a la base de datos del DMV de Delaware a través "
     "de Nlets». No se informó de ningún bloqueo; se desconoce la situación después de la fecha."),
    ("E51 E52 E53 E54",
     "Settlement with DHS: 'the states have agreed to support Homeland Security's efforts to access the National "
     "Law Enforcement Telecommunications System, an obscure computer network that typically allows law enforcement "
     "agencies to search driver's license records across state lines' (Stateline text via Iowa Capital "
     "Dispatch/KJAN, 2025-12-02; same in FlaglerLive). 'filed in federal court Friday' (The Gazette, 2025-12-01; "
     "KJAN 'filed on Friday'): 28 November is the Friday before, derived, not printed. AP: the states 'may share "
     "driver's license records' with DHS 'to assist in improving and modernizing' its database. Court and case "
     "number not named in the copies read (Iowa's suit, filed December 2024, was combined with those of Florida, "
     "Ohio and Indiana, per The Gazette). Access opening, not a block; the settlement's own words were not read (a "
     "weak AI copy quotes 'make best efforts to support and encourage DHS's efforts to receive and have full use of "
     "state driver's license records from the National Law Enforcement Telecommunications System').",
     "Acuerdo con el DHS: «los estados han acordado apoyar los esfuerzos de Seguridad Nacional para acceder al "
     "Sistema Nacional de Telecomunicaciones de las Fuerzas del Orden, una red informática poco conocida que "
     "normalmente permite a las agencias policiales buscar registros de licencias de conducir entre estados» (texto "
     "de Stateline vía Iowa Capital Dispatch/KJAN, 2025-12-02; lo mismo en FlaglerLive). «presentado ante un "
     "tribunal federal el viernes» (The Gazette, 2025-12-01; KJAN: «presentado el viernes»): el 28 de noviembre es "
     "el viernes anterior, dato deducido, no publicado. AP: los estados «pueden compartir registros de licencias de "
     "conducir» con el DHS «para ayudar a mejorar y modernizar» su base de datos. El tribunal y el número de caso "
     "no se nombran en las copias leídas (la demanda de Iowa, presentada en diciembre de 2024, se acumuló con las "
     "de Florida, Ohio e Indiana, según The Gazette). Apertura de acceso, no un bloqueo; no se leyó el texto del "
     "propio acuerdo (una copia débil generada con IA cita «hacer todo lo posible por apoyar y fomentar los "
     "esfuerzos del DHS para recibir y usar plenamente los registros estatales de licencias de conducir del Sistema "
     "Nacional de Telecomunicaciones de las Fuerzas del Orden»)."),
    ("E55",
     "Federal Register notice 2025-19735, 90 FR 48948, Docket No. USCIS-2025-0337: DHS/USCIS 'proposes to modify "
     "and reissue' the SAVE system of records notice ('Notice of a modified system of records'), published Friday "
     "2025-10-31. The part of the notice read does not name Nlets or driver's licence records; that reading is "
     "Stateline's (next rows). A federal system seeking the same records, not a state block.",
     "Aviso del Federal Register 2025-19735, 90 FR 48948, expediente n.º USCIS-2025-0337: el DHS/USCIS «propone "
     "modificar y volver a emitir» el aviso del sistema de registros SAVE («Aviso de un sistema de registros "
     "modificado»), publicado el viernes 2025-10-31. La parte del aviso que se leyó no nombra Nlets ni los "
     "registros de licencias de conducir; esa lectura es de Stateline (filas siguientes). Un sistema federal que "
     "busca los mismos registros, no un bloqueo estatal."),
    ("E56",
     "Effective date 2025-12-01 read only in reference copies of the notice's metadata (lexbuild.dev: "
     "'effective_date: \"2025-12-01\"', comments close the same day; frtracker.app: 'Effective Date Dec 1, 2025'), "
     "not in the part of the GPO text read.",
     "Fecha de entrada en vigor 2025-12-01 leída solo en copias de referencia de los metadatos del aviso "
     "(lexbuild.dev: «effective_date: \"2025-12-01\"», los comentarios se cierran el mismo día; frtracker.app: "
     "«Fecha de entrada en vigor 1 dic. 2025»), no en la parte leída del texto de la GPO."),
    ("E57",
     "Stateline: 'The U.S. Department of Homeland Security seeks access to an obscure computer network used by law "
     "enforcement agencies, according to a federal notice, potentially allowing officials to bypass negotiating "
     "with states for the records.' Date is the Homeland Security Newswire republication's (2025-11-26); "
     "Stateline's own date was not found (Route Fifty's address has only 2025/11).",
     "Stateline: «El Departamento de Seguridad Nacional de EE. UU. busca acceso a una red informática poco conocida "
     "que usan las agencias policiales, según un aviso federal, lo que podría permitir a los funcionarios evitar "
     "negociar con los estados para obtener los registros». La fecha es la de la republicación de Homeland Security "
     "Newswire (2025-11-26); no se encontró la fecha propia de Stateline (la dirección de Route Fifty solo tiene "
     "2025/11)."),
    ("E58",
     "KSTP: the Driver's License for All bill, which would 'restrict Driver and Vehicle Services' ability to share "
     "drivers' immigration information', was 'signed into law by Gov. Tim Walz in early March' (7 March 2023 per "
     "Unicorn Riot and ILCM, not read as press). The statute names no federal agency.",
     "KSTP: el proyecto de ley Driver's License for All (Licencias de Conducir para Todos), que «restringiría la "
     "capacidad de Driver and Vehicle Services de compartir la información migratoria de los conductores», fue "
     "«promulgado por el gobernador Tim Walz a principios de marzo» (el 7 de marzo de 2023 según Unicorn Riot e "
     "ILCM, no leídos como prensa). La ley no nombra ninguna agencia federal."),
    ("E59",
     "KSTP: 'after Oct. 1, 2023, when the new law officially takes effect'. The restricting provision is Minn. "
     "Stat. 171.12 subd. 11 as quoted in S.F. 100 (mn-sf100-2025): 'Immigration status data are classified as "
     "private data on individuals ... the commissioner or a driver's license agent must not share or disseminate "
     "immigration status data except' within the licensing division and to the secretary of state; other licence "
     "data may still be shared 'As authorized or required by state or federal law'. That subd. 11 itself took "
     "effect on 2023-10-01 is not confirmed by a primary text read. Not a block on all DMV records and not an Nlets "
     "block.",
     "KSTP: «después del 1 de octubre de 2023, cuando la nueva ley entra oficialmente en vigor». La disposición "
     "restrictiva es Minn. Stat. 171.12 subd. 11, según se cita en el S.F. 100 (mn-sf100-2025): «Los datos sobre la "
     "situación migratoria se clasifican como datos privados sobre personas ... el comisionado o un agente de "
     "licencias de conducir no debe compartir ni difundir datos sobre la situación migratoria, excepto» dentro de "
     "la división de licencias y al secretario de estado; otros datos de licencias aún pueden compartirse «según lo "
     "autorice o exija la ley estatal o federal». Que la propia subd. 11 entrara en vigor el 2023-10-01 no lo "
     "confirma ningún texto primario leído. No es un bloqueo de todos los registros del DMV ni un bloqueo en Nlets."),
    ("E60",
     "Roadrunner Capitol Reports: SB 36 'SGND BY GOV (Apr. 10) Ch.138' (2025 session). Nondisclosure of Sensitive "
     "Personal Information Act; its Motor Vehicle Code part bars disclosure of personal information for federal "
     "immigration enforcement. Reference source only; the Legislature's page was not read. Not an Nlets block.",
     "Roadrunner Capitol Reports: SB 36 «FIRMADO POR EL GOB. (10 abr.) Cap. 138» (sesión de 2025). Ley de No "
     "Divulgación de Información Personal Sensible (Nondisclosure of Sensitive Personal Information Act); su parte "
     "del Código de Vehículos Motorizados prohíbe divulgar información personal para hacer cumplir las leyes "
     "federales de inmigración. Solo fuente de referencia; no se leyó la página de la Legislatura. No es un bloqueo "
     "en Nlets."),
    ("E61",
     "'SB 36 is effective July 1, 2025.' (Roadrunner Capitol Reports; FastDemocracy's summary agrees.) Not the date "
     "of an Nlets block.",
     "«La SB 36 entra en vigor el 1 de julio de 2025». (Roadrunner Capitol Reports; el resumen de FastDemocracy "
     "coincide.) No es la fecha de un bloqueo en Nlets."),
    ("E62",
     "SB21-131 'Signed/Enacted/Adopted 06/25/2021' (BillTrack50); C.R.S. annotation: 'L. 2021: Entire article "
     "added, (SB 21-131), ch. 353 ... effective June 25' (two reference copies agree). The act bars the department "
     "of revenue from sharing motor vehicle records for federal immigration enforcement except as required by law "
     "or a court-issued subpoena, warrant or order (leg-colorado-sb21-131); agencies keep a written record of "
     "requests, reported quarterly to the governor's office from 2022-01-01, and the governor's office reports to "
     "the joint budget committee 'On March 1, 2022, and on a quarterly basis thereafter'. Not an Nlets block.",
     "SB21-131 «Firmado/Promulgado/Adoptado 06/25/2021» (BillTrack50); anotación de los C.R.S.: «L. 2021: Se añadió "
     "todo el artículo, (SB 21-131), cap. 353 ... en vigor el 25 de junio» (dos copias de referencia coinciden). La "
     "ley prohíbe al departamento de ingresos compartir registros de vehículos motorizados para hacer cumplir las "
     "leyes federales de inmigración, salvo cuando lo exija la ley o una citación, un mandamiento o una orden "
     "emitidos por un tribunal (leg-colorado-sb21-131); las agencias llevan un registro escrito de las solicitudes, "
     "que se informa trimestralmente a la oficina del gobernador a partir del 2022-01-01, y la oficina del "
     "gobernador informa al comité conjunto de presupuesto «el 1 de marzo de 2022 y, a partir de entonces, "
     "trimestralmente». No es un bloqueo en Nlets."),
    ("E63",
     "HB 2163 (2021): '03/30/2021: signed by governor' (Richmond Sunlight; Plural Policy agrees). Limits release of "
     "DMV privileged information for civil immigration enforcement unless the subject consents or the requester "
     "presents 'a lawful judicial order, judicial subpoena, or judicial warrant'. Effective date not in the sources "
     "read. Not an Nlets block.",
     "HB 2163 (2021): «03/30/2021: firmado por el gobernador» (Richmond Sunlight; Plural Policy coincide). Limita "
     "la divulgación de información privilegiada del DMV para la aplicación civil de las leyes de inmigración, "
     "salvo que la persona interesada dé su consentimiento o el solicitante presente «una orden judicial legal, una "
     "citación judicial o un mandamiento judicial». La fecha de entrada en vigor no figura en las fuentes leídas. "
     "No es un bloqueo en Nlets."),
    ("E64",
     "'California Governor Gavin Newsom today signed Assembly Bill 1747' (Saturday, Oct. 12, 2019; Chapter 789, "
     "Statutes of 2019). Concerns CLETS, California's own law-enforcement network (which carries DMV records): not "
     "Nlets and not a DMV-wide disclosure law.",
     "«El gobernador de California, Gavin Newsom, firmó hoy el Proyecto de Ley 1747 de la Asamblea» (sábado 12 de "
     "octubre de 2019; capítulo 789, Estatutos de 2019). Se refiere a CLETS, la red policial propia de California "
     "(que da acceso a los registros del DMV): no es Nlets ni una ley de divulgación que abarque todo el DMV."),
    ("E65",
     "NBC 7 San Diego: AB 1747 'will go into effect Jan. 1, 2020'; from then CLETS subscribers may not use "
     "information other than criminal history for immigration enforcement (Plural Policy digest); inquiry reasons "
     "and Attorney General audits from 2021-07-01. California was still reported open to ICE's Nlets queries on "
     "2025-11-12.",
     "NBC 7 San Diego: AB 1747 «entrará en vigor el 1 de enero de 2020»; desde entonces, los suscriptores de CLETS "
     "no pueden usar información distinta de los antecedentes penales para hacer cumplir las leyes de inmigración "
     "(resumen de Plural Policy); motivos de las consultas y auditorías del fiscal general a partir del 2021-07-01. "
     "El 2025-11-12 aún se informaba que California estaba abierta a las consultas de ICE a través de Nlets."),
    ("E66",
     "Unconfirmed (weak source): CASA says the Maryland Driver Privacy Act (HB 23), vetoed by Gov. Hogan, was "
     "enacted when 'The vetoes of these bills were overridden ... during the special session' (the session began "
     "Monday 2021-12-06). Enacted over a veto, not signed; override day and effective date not found.",
     "Sin confirmar (fuente débil): CASA dice que la Ley de Privacidad de los Conductores de Maryland (Maryland "
     "Driver Privacy Act, HB 23), vetada por el gobernador Hogan, se promulgó cuando «los vetos de estos proyectos "
     "de ley fueron anulados ... durante la sesión especial» (la sesión comenzó el lunes 2021-12-06). Promulgada "
     "pese a un veto, no firmada; no se encontraron el día de la anulación del veto ni la fecha de entrada en "
     "vigor."),
    ("E67",
     "Bangor Daily News: Secretary of State Bellows 'said Saturday' the BMV received a request for 'confidential, "
     "undercover Maine plates from U.S. Customs and Border Protection'; 'We have not revoked existing plates but "
     "have paused issuance of new plates.' Maine Public (2026-01-20): paused 'last week'. Plates, a different "
     "channel: never an Nlets or DMV-records status.",
     "Bangor Daily News: la secretaria de Estado Bellows «dijo el sábado» que el BMV recibió una solicitud de "
     "«matrículas confidenciales y encubiertas de Maine de la Oficina de Aduanas y Protección Fronteriza de EE. "
     "UU.»; «No hemos revocado las matrículas existentes, pero hemos pausado la emisión de matrículas nuevas». "
     "Maine Public (2026-01-20): se pausó «la semana pasada». Matrículas, un canal distinto: nunca una situación de "
     "Nlets ni de registros del DMV."),
    ("E68",
     "DOJ's Washington complaint as quoted by The Epoch Times: 'In January 2026, in response to a routine request "
     "for confidential license plates from Homeland Security Investigations (HSI) ... Washington informed HSI that "
     "it suspended the issuance and renewal of confidential and undercover license plates for DHS-affiliated "
     "entities, but not state or local agencies.' A weak AI rewrite of The Hill says DOL began denying DHS requests "
     "'around October 2025'. Never an Nlets status.",
     "La demanda del DOJ contra Washington, según la cita The Epoch Times: «En enero de 2026, en respuesta a una "
     "solicitud rutinaria de matrículas confidenciales de Investigaciones de Seguridad Nacional (HSI) ... "
     "Washington informó a HSI que había suspendido la emisión y renovación de matrículas confidenciales y "
     "encubiertas para entidades afiliadas al DHS, pero no para agencias estatales o locales». Una reescritura "
     "débil generada con IA de un artículo de The Hill dice que el DOL comenzó a denegar solicitudes del DHS "
     "«alrededor de octubre de 2025». Nunca una situación de Nlets."),
    ("E69",
     "Unconfirmed (weak source): KATU text in a Usenet repost: 'the Oregon DMV paused issuing new undercover "
     "license plates to all federal agencies beginning April 15' (2026); 'On May 12, the DOJ sent a letter to Gov. "
     "Tina Kotek's office threatening legal action'. Never an Nlets status.",
     "Sin confirmar (fuente débil): texto de KATU en una republicación en Usenet: «el DMV de Oregón pausó la "
     "emisión de nuevas matrículas encubiertas para todas las agencias federales a partir del 15 de abril» (2026); "
     "«El 12 de mayo, el DOJ envió una carta a la oficina de la gobernadora Tina Kotek amenazando con acciones "
     "legales». Nunca una situación de Nlets."),
    ("E70 E71 E72 E73",
     "The Epoch Times: 'The DOJ alleges in a May 28 press release that state officials in Maine, Massachusetts, "
     "Oregon, and Washington implemented policies that effectively denied the license plates to any federal agency "
     "that may enforce immigration law'; 'four complaints filed in the U.S. District Courts of each state'. The "
     "filing day is the press release's; weak copies say 'filed ... on Thursday' (2026-05-28). A Latin Times report "
     "says the Massachusetts complaint was 'filed Tuesday' (date not read): unresolved. Plates, not DMV data.",
     "The Epoch Times: «El DOJ alega en un comunicado de prensa del 28 de mayo que funcionarios estatales de Maine, "
     "Massachusetts, Oregón y Washington aplicaron políticas que, en la práctica, negaban las matrículas a "
     "cualquier agencia federal que pueda hacer cumplir las leyes de inmigración»; «cuatro demandas presentadas en "
     "los tribunales de distrito de EE. UU. de cada estado». El día de presentación es el del comunicado de prensa; "
     "copias débiles dicen «presentadas ... el jueves» (2026-05-28). Un informe de Latin Times dice que la demanda "
     "de Massachusetts fue «presentada el martes» (fecha no leída): sin resolver. Matrículas, no datos del DMV."),
)
