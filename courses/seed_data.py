"""Seed data for the catalog: categories, courses with lessons and quizzes, and Kentucky library systems.

Pure Python, no Django imports, so the seeding command, tests and fixtures can all read it.

Lesson bodies are plain text: paragraphs separated by a blank line; a paragraph whose lines start with
"- " is a bullet list. ``_text`` lets the bodies be written wrapped in the source and joins each prose
paragraph back into a single line.
"""

from textwrap import dedent


def _text(source):
    """Return ``source`` as plain text: prose paragraphs on one line, bullet items one per line."""
    paragraphs = []
    for block in dedent(source).strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines and lines[0].startswith("- "):
            items = []
            for line in lines:
                if line.startswith("- ") or not items:
                    items.append(line)
                else:
                    items[-1] = f"{items[-1]} {line}"
            paragraphs.append("\n".join(items))
        else:
            paragraphs.append(" ".join(lines))
    return "\n\n".join(paragraphs)


CATEGORIES = [
    {"slug": "kdla-certifications", "name": "KDLA Certifications", "order": 1},
    {"slug": "required-courses", "name": "Part-time Certification Courses", "order": 2},
    {"slug": "continuing-education", "name": "Continuing Education", "order": 3},
]

REQUIRED_COURSE_TITLES = [
    "Customer Service Basics",
    "Reference Basics",
    "Solving Difficult Situations in the Library",
    "Readers' Advisory Basics",
]

COURSES = [
    # ------------------------------------------------------------------ required courses
    {
        "slug": "customer-service-basics",
        "title": "Customer Service Basics",
        "category": "required-courses",
        "summary": (
            "The habits that make every visit to the library a good one: a welcoming greeting, careful "
            "listening, clear answers and following through, even when the answer is no."
        ),
        "contact_hours": "2.00",
        "required": True,
        "lessons": [
            {
                "slug": "what-good-service-looks-like",
                "title": "What Good Library Service Looks Like",
                "body": _text(
                    """
                    Every person who walks through the door, calls, or sends an email is a patron, and
                    every staff member is part of their experience. The person shelving books in the
                    children's room represents the library just as much as the director does.

                    Good service in a public library rests on a few simple ideas. Patrons should be
                    treated with courtesy and respect, receive accurate information, and leave knowing
                    what happens next. Service is the same for everyone, whatever their age, appearance,
                    background or reason for visiting.

                    Many patrons are not sure what the library can do for them. They may be nervous about
                    asking "a silly question", embarrassed about an overdue fine, or in a hurry. Your
                    attitude sets the tone before you say a word.

                    - Be approachable: look up, smile, make eye contact.
                    - Be accurate: check before you answer, and say so when you are not sure.
                    - Be consistent: follow the library's policies the same way for everyone.
                    - Be complete: make sure the patron knows what to do next.
                    """
                ),
            },
            {
                "slug": "greeting-and-approachability",
                "title": "Greeting and Approachability",
                "body": _text(
                    """
                    Patrons decide in a few seconds whether a staff member looks willing to help.
                    Acknowledge everyone who approaches the desk, even if you are busy with someone else:
                    a nod, a smile or "I'll be right with you" tells them they have been seen.

                    Body language matters. Face the patron, put down what you are doing, and stand or sit
                    at their level when you can. Avoid looking at your screen or phone while someone is
                    talking to you. If you are working on a task at the desk, be ready to stop it.

                    Get out from behind the desk when it helps. Walking a patron to the shelf, the copier
                    or the public computers is better than pointing across the room, and it gives you a
                    chance to check that they found what they needed.

                    On the phone, answer with the library's name and your name, speak clearly, and ask
                    before putting someone on hold. When you return, thank them for waiting.
                    """
                ),
            },
            {
                "slug": "listening-and-communicating",
                "title": "Listening and Communicating Clearly",
                "body": _text(
                    """
                    Listening is the most important customer service skill. Let the patron finish before
                    you respond, and do not assume you know what they want from the first few words.
                    Repeat back what you heard: "So you need to renew three books and pay for a lost DVD?"

                    Use plain language. Library words like "ILL", "hold shelf", "catalog", "database" or
                    "circulation" can confuse people. Say "we can borrow it from another library for you"
                    rather than "I'll put in an ILL".

                    When you must say no, explain why and offer what you can do instead. "We can't renew
                    this one because someone else is waiting for it, but I can put you on the list for
                    the next copy" keeps the conversation positive.

                    - Speak to the patron, not to an interpreter or companion, when they are present.
                    - Give instructions one step at a time and check they make sense.
                    - Write down call numbers, dates or web addresses for the patron to take away.
                    """
                ),
            },
            {
                "slug": "follow-through-and-complaints",
                "title": "Following Through and Handling Complaints",
                "body": _text(
                    """
                    Following through is what turns a polite exchange into good service. If you promise
                    to call when a hold arrives, to find an answer, or to pass a message to the director,
                    write it down and do it. If you hand a question to a co-worker, introduce the patron
                    and explain what has been tried so they do not have to start again.

                    Complaints are a chance to keep a patron. Listen without interrupting, thank them for
                    telling you, and acknowledge their frustration: "I understand why that was annoying."
                    You do not have to agree that the library was wrong to show that you heard them.

                    Resolve what you can within policy. If you cannot, explain who can and how the patron
                    will hear back. Most libraries have a comment form or a process for taking a complaint
                    to a supervisor or the director; know where it is.

                    Finally, let your supervisor know about complaints, even ones you resolved. Patterns
                    in complaints are how the library learns what to fix.
                    """
                ),
            },
        ],
        "quiz": [
            {
                "question": "A patron approaches the desk while you are on the phone. What should you do first?",
                "choices": [
                    "Ignore them until the call is finished",
                    "Acknowledge them with a nod, a smile or a quick word that you will be right with them",
                    "Hang up on the caller",
                ],
                "answer": 1,
            },
            {
                "question": "Which phrase is the clearest for a patron who is new to the library?",
                "choices": [
                    '"I will put in an ILL for you."',
                    '"Check the OPAC for the call number."',
                    '"We can borrow it from another library for you."',
                ],
                "answer": 2,
            },
            {
                "question": "You cannot grant a patron's request because of library policy. The best response is to:",
                "choices": [
                    "Explain the reason and offer what you can do instead",
                    'Say "that is the rule" and move on',
                    "Make an exception so the patron is happy",
                ],
                "answer": 0,
            },
        ],
    },
    {
        "slug": "reference-basics",
        "title": "Reference Basics",
        "category": "required-courses",
        "summary": (
            "How to find out what a patron really needs through the reference interview, choose a reliable "
            "source, and follow up, using print, online and Kentucky Virtual Library resources."
        ),
        "contact_hours": "2.00",
        "required": True,
        "lessons": [
            {
                "slug": "the-reference-interview",
                "title": "The Reference Interview",
                "body": _text(
                    """
                    Patrons often ask a general question when they need something specific. "Do you have
                    books on Kentucky?" might mean a history of the Civil War in Kentucky, a state park
                    guide, or a map for a fourth-grade project due tomorrow. The reference interview is
                    the conversation that finds out which.

                    Start with open questions that invite the patron to say more:

                    - "What would you like to know about that?"
                    - "What are you working on?"
                    - "How will you use the information?"

                    Then narrow down with closed questions: "Do you need something you can check out, or
                    is it fine to print?" "Is this for a school assignment?" "How much do you need: a
                    quick fact or a whole book?"

                    Paraphrase to confirm: "So you need two or three sources on Daniel Boone for a report
                    due Friday, and one has to be a book." Patrons appreciate it when you get it right,
                    and it saves time for both of you.
                    """
                ),
            },
            {
                "slug": "choosing-the-right-source",
                "title": "Choosing the Right Source",
                "body": _text(
                    """
                    Once you know the question, decide where the answer is most likely to be. Quick facts
                    (an address, a date, a definition) are often fastest online or in a ready-reference
                    book. Deeper questions call for the catalog, the library's databases, or a specialist.

                    Judge every source before you hand it over. Ask who created it, when it was last
                    updated, and why it exists. A state agency site ending in ky.gov is a better source
                    for Kentucky driver's license rules than a forum post or an ad.

                    Show the patron where the answer came from, and teach them how to find it when it
                    helps. Searching the catalog together at the public computer is often better than
                    simply writing down a call number.

                    Legal, medical and tax questions need special care. Provide information and sources,
                    but do not interpret the law, diagnose, or give advice. "Here is the form and the
                    instructions from the Department of Revenue" is information; "you should claim this
                    deduction" is advice.
                    """
                ),
            },
            {
                "slug": "kyvl-and-online-resources",
                "title": "The Kentucky Virtual Library and Online Resources",
                "body": _text(
                    """
                    Kentucky libraries share a set of online databases through the Kentucky Virtual
                    Library (KYVL). These include magazine and newspaper articles, encyclopedias, and
                    resources for students, job seekers and researchers that are not available on the open
                    web. Learn how patrons reach them from your library's website and whether they need a
                    library card number at home.

                    Your library may also subscribe to its own resources: genealogy databases, test
                    preparation, language learning, e-books and audiobooks. Spend time trying each one so
                    you can recommend it with confidence.

                    When a patron needs something your library does not own, remember interlibrary loan
                    and your neighbors. Many county libraries lend to each other, and KDLA staff can help
                    with questions about state government information.

                    - Keep a short list of the websites your patrons ask about most.
                    - Bookmark your library's database page on the staff computer.
                    - Note which resources need a library card and which work only in the building.
                    """
                ),
            },
            {
                "slug": "referrals-follow-up-privacy",
                "title": "Referrals, Follow-Up and Privacy",
                "body": _text(
                    """
                    You do not have to know every answer. You do need to know who might. Refer the patron
                    to a co-worker, another library, a government office or a community agency when that
                    is the best help, and give them a name, a phone number or a web address to take away.

                    Always end with a follow-up question: "Does this answer your question?" or "If this
                    isn't what you need, come back and we'll try something else." Many patrons will not
                    say that an answer missed the mark unless you ask.

                    If you need time to research a question, take the patron's contact information, agree
                    when you will get back to them, and do it, even if only to say you are still looking.

                    Reference questions are confidential. Do not discuss what a patron asked about with
                    others, and be careful about speaking loudly at the desk about sensitive topics such
                    as health, money or legal trouble.
                    """
                ),
            },
        ],
        "quiz": [
            {
                "question": "Which is an open question that helps begin a reference interview?",
                "choices": [
                    '"Do you want a book?"',
                    '"What would you like to know about that?"',
                    '"Is it for school?"',
                ],
                "answer": 1,
            },
            {
                "question": "A patron asks which deduction they should claim on their taxes. You should:",
                "choices": [
                    "Tell them which deduction you would claim",
                    "Say the library cannot help with taxes",
                    "Provide the official forms and instructions and suggest a tax professional for advice",
                ],
                "answer": 2,
            },
            {
                "question": "What should end every reference transaction?",
                "choices": [
                    'A follow-up question such as "Does this answer your question?"',
                    "A reminder about overdue fines",
                    "A library card application",
                ],
                "answer": 0,
            },
        ],
    },
    {
        "slug": "solving-difficult-situations",
        "title": "Solving Difficult Situations in the Library",
        "category": "required-courses",
        "summary": (
            "Practical ways to stay calm, apply the library's policies fairly, de-escalate upset patrons, "
            "and know when to get help, call for emergency services and write an incident report."
        ),
        "contact_hours": "2.00",
        "required": True,
        "lessons": [
            {
                "slug": "policies-are-your-foundation",
                "title": "Policies Are Your Foundation",
                "body": _text(
                    """
                    Difficult situations are easier to handle when the rules are written down and you know
                    them. Your library board adopts policies such as a patron code of conduct, an
                    unattended children policy, an internet use policy and a policy for reconsideration of
                    materials. Read them, and ask your supervisor how they are applied.

                    Policies protect patrons and staff. They make sure everyone is treated the same way,
                    and they let you say "this is the library's policy" rather than making a personal
                    judgment about someone.

                    Enforce behavior, not people. Focus on what a person is doing (being loud, sleeping,
                    using a phone in the quiet area) rather than on who they are or how they look.

                    - Know where the printed policies are kept at the desk.
                    - Know who is in charge when the director is not in the building.
                    - Know which situations you handle yourself and which you pass to a supervisor.
                    """
                ),
            },
            {
                "slug": "staying-calm-and-de-escalating",
                "title": "Staying Calm and De-escalating",
                "body": _text(
                    """
                    When a patron is upset, your calm is the most useful tool you have. Take a breath,
                    lower your voice, and keep your tone even. People tend to match the volume and pace
                    of the person they are talking to.

                    Listen first. Let the person explain, and acknowledge the feeling: "I can see this is
                    frustrating." Avoid arguing about the facts while someone is angry; wait until they
                    are calm enough to hear you.

                    Offer choices where you can: "You can finish your call outside, or I can help you
                    find a quieter spot." Choices let people keep their dignity and make it easier for
                    them to cooperate.

                    Keep yourself safe while you talk. Stand at an angle with some distance between you,
                    keep a clear path to an exit, and do not touch an upset person. If the situation is
                    getting worse instead of better, stop and get help.
                    """
                ),
            },
            {
                "slug": "common-situations-at-the-desk",
                "title": "Common Situations at the Desk",
                "body": _text(
                    """
                    Many difficult situations come up again and again. Talk with your co-workers about
                    how your library handles each one so that the response is consistent.

                    - Disputed fines or lost items: listen, check the record together, explain the
                      options and who can approve a waiver.
                    - Noise or disruptive behavior: give a polite, specific reminder of the rule once, then
                      follow the code of conduct if it continues.
                    - Unattended children: know the age in your policy and what to do at closing time if
                      a child has not been picked up.
                    - Inappropriate computer use: follow the internet use policy and involve a supervisor.
                    - A patron who seems confused or in crisis: stay with them, speak simply, and call for
                      help if they may be a danger to themselves or others.

                    When you give a warning, be specific: "Please keep your voice down in this area; if it
                    continues I will need to ask you to leave for the day." Then do what you said.

                    Afterwards, take a moment for yourself. It is normal to feel shaken after a hard
                    encounter. Talk it over with your supervisor.
                    """
                ),
            },
            {
                "slug": "safety-emergencies-incident-reports",
                "title": "Safety, Emergencies and Incident Reports",
                "body": _text(
                    """
                    Some situations are not yours to solve alone. Call 911 right away for threats of
                    violence, weapons, medical emergencies, fights, or anyone who may harm themselves or
                    others. Then notify the person in charge. Never put yourself in danger to protect
                    property.

                    Know your building's emergency plan: exits, the fire alarm, where patrons gather
                    outside, where to shelter during a tornado warning, and how to lock down if needed.

                    Write an incident report as soon as possible after any serious event, while the
                    details are fresh. Stick to facts: date, time, place, what you saw and heard, what
                    was said, who was involved and what action was taken. Avoid opinions and labels.

                    Good reports help the library spot patterns, support decisions such as suspending
                    library privileges, and protect you and the library if the matter goes further.
                    """
                ),
            },
        ],
        "quiz": [
            {
                "question": "When you enforce the code of conduct, you should focus on:",
                "choices": [
                    "The person's appearance",
                    "The specific behavior and the library's policy",
                    "How long the person has been a patron",
                ],
                "answer": 1,
            },
            {
                "question": "A patron shows a weapon and threatens another patron. What do you do first?",
                "choices": [
                    "Call 911",
                    "Ask the patron to leave and fill out an incident report",
                    "Try to take the weapon away",
                ],
                "answer": 0,
            },
            {
                "question": "An incident report should include:",
                "choices": [
                    "Your opinion of the patron",
                    "Only the patron's name",
                    "Facts: date, time, place, what was seen and said, and the action taken",
                ],
                "answer": 2,
            },
        ],
    },
    {
        "slug": "readers-advisory-basics",
        "title": "Readers' Advisory Basics",
        "category": "required-courses",
        "summary": (
            "How to help readers find their next good book by listening for what they enjoy, using appeal "
            "factors, and drawing on tools and displays, whatever you read yourself."
        ),
        "contact_hours": "1.50",
        "required": True,
        "lessons": [
            {
                "slug": "what-readers-advisory-is",
                "title": "What Readers' Advisory Is",
                "body": _text(
                    """
                    Readers' advisory (RA) is helping a patron find something to read, watch or listen to
                    for pleasure. It is one of the most common questions in a public library: "Can you
                    recommend a good book?"

                    Good readers' advisory is about the reader, not about you. You do not need to have
                    read every book or to like every genre. You need to find out what the patron enjoys
                    and suggest a few titles that might give them the same experience.

                    Respect every reader's taste. Romance, westerns, graphic novels, Christian fiction and
                    celebrity memoirs are all legitimate reading. Never make a patron feel their choice is
                    not good enough.

                    Offer suggestions, not prescriptions. "You might try" or "Readers who liked that often
                    enjoy" leaves the choice with the patron.
                    """
                ),
            },
            {
                "slug": "appeal-factors",
                "title": "Appeal Factors",
                "body": _text(
                    """
                    Two books about the same subject can feel completely different to read. Appeal factors
                    describe what makes a book feel the way it does, and they help you match books by
                    experience instead of subject.

                    - Pacing: a page-turner that moves fast, or a leisurely read to savor.
                    - Characterization: characters the reader gets to know deeply, or familiar types.
                    - Storyline: focused on action and events, or on people and relationships.
                    - Tone and mood: dark, cozy, funny, suspenseful, hopeful.
                    - Setting: a vivid place or time period, such as Appalachia or the Civil War.
                    - Language and style: plain and direct, lyrical, lots of dialogue.

                    A patron who loved a Kentucky novel may have loved it for the mountain setting, for
                    the family story, or for the beautiful writing. Each answer leads to different
                    suggestions.
                    """
                ),
            },
            {
                "slug": "the-ra-conversation",
                "title": "The Readers' Advisory Conversation",
                "body": _text(
                    """
                    The best opening question is "Tell me about a book you really enjoyed." Listen for
                    appeal, not plot: words like "couldn't put it down", "felt like I knew them" or
                    "creepy" tell you much more than the story summary.

                    Ask what they did not like as well. "Anything you want to avoid?" can rule out graphic
                    violence, sad endings or very long books before you start.

                    Offer three or four choices rather than one, and describe each briefly in terms of
                    appeal: "This one is a fast, funny mystery set in a small town." Let the patron pick,
                    and invite them to come back and tell you what they thought.

                    Readers' advisory also works for parents and caregivers choosing for children, for
                    audiobook listeners on a long drive, and for patrons asking about movies and TV.
                    """
                ),
            },
            {
                "slug": "ra-tools-and-displays",
                "title": "Tools and Passive Readers' Advisory",
                "body": _text(
                    """
                    You can find read-alikes even for books you have never read. Useful tools include the
                    library catalog's subject headings, NoveList if your library has it, publishers' and
                    review sites, award lists, and your co-workers' and patrons' recommendations.

                    Keep track of what your community reads. Notice which authors have long hold lists,
                    and learn a little about the popular genres even if you do not read them.

                    Passive readers' advisory reaches patrons who never ask. Book displays, shelf talkers,
                    printed or online booklists, "staff picks" and "if you liked" lists all help readers
                    browse.

                    - Change displays often and keep them full.
                    - Tie displays to seasons and local events, like Derby season or a county fair.
                    - Feature Kentucky authors and titles on the Kentucky Bluegrass Award lists.
                    """
                ),
            },
        ],
        "quiz": [
            {
                "question": "What is the best way to begin a readers' advisory conversation?",
                "choices": [
                    '"What genre do you read?"',
                    '"Tell me about a book you really enjoyed."',
                    '"Have you read the latest bestseller?"',
                ],
                "answer": 1,
            },
            {
                "question": '"Pacing", "tone" and "characterization" are examples of:',
                "choices": ["Appeal factors", "Call numbers", "Subject headings"],
                "answer": 0,
            },
        ],
    },
    # ------------------------------------------------------------------ continuing education
    {
        "slug": "collection-development-basics",
        "title": "Collection Development Basics",
        "category": "continuing-education",
        "summary": (
            "How a small library decides what to buy and what to remove: community needs, the collection "
            "development policy, selection sources and practical weeding."
        ),
        "contact_hours": "2.00",
        "required": False,
        "lessons": [
            {
                "slug": "know-your-community",
                "title": "Know Your Community",
                "body": _text(
                    """
                    A public library collection should reflect the people it serves. Before deciding what
                    to buy, learn who lives in your county: ages, schools, languages spoken, major
                    employers, hobbies and local history.

                    Use what you already have. Circulation reports show what is popular and what sits on
                    the shelf. Hold lists and interlibrary loan requests show what patrons want that you
                    do not own. Patron suggestions are a direct line to community interests.

                    Census data, school enrollment, and conversations with local agencies and clubs fill in
                    the picture. A county with many new homeschooling families, a growing Spanish-speaking
                    population, or a large farming community will need different materials.
                    """
                ),
            },
            {
                "slug": "selection-and-policy",
                "title": "Selection and the Collection Development Policy",
                "body": _text(
                    """
                    Your library board's collection development policy explains what the library collects
                    and why, who is responsible for selection, how gifts are handled, and how patrons can
                    ask the library to reconsider an item. Read it before you make any selection decisions.

                    Selectors rely on trusted sources: professional review journals, best-seller lists,
                    award lists, publisher catalogs and vendor tools. Reviews help you judge quality and
                    audience when you have not seen the item yourself.

                    Aim for balance. The collection should offer a range of viewpoints, formats and reading
                    levels, including large print, audiobooks and materials about Kentucky.

                    - Keep a running list of patron requests and review it when ordering.
                    - Record why you chose an item when the decision might be questioned.
                    - Accept donations only under the policy; not every gift belongs on the shelf.
                    """
                ),
            },
            {
                "slug": "weeding",
                "title": "Weeding the Collection",
                "body": _text(
                    """
                    Weeding, removing items from the collection, is as important as buying. Crowded
                    shelves full of worn, outdated books make it harder for patrons to find the good ones,
                    and out-of-date information can cause real harm.

                    Many libraries use the CREW method and its MUSTIE guidelines to decide what to weed:

                    - Misleading: factually wrong or outdated.
                    - Ugly: worn, torn or damaged beyond repair.
                    - Superseded: replaced by a newer edition.
                    - Trivial: of no lasting value or interest.
                    - Irrelevant: no longer of interest to your community.
                    - Elsewhere: easily borrowed from another library or found online.

                    Weed a little at a time and on a schedule, section by section. Check circulation
                    history, and ask whether a worn but popular title should be replaced. Follow your
                    policy for disposing of withdrawn items, such as a Friends of the Library book sale.
                    """
                ),
            },
        ],
    },
    {
        "slug": "library-programming-for-adults",
        "title": "Library Programming for Adults",
        "category": "continuing-education",
        "summary": (
            "Plan, promote and evaluate adult programs that fit your community, from book clubs and craft "
            "nights to health talks and job help, with partners and a small budget."
        ),
        "contact_hours": "1.50",
        "required": False,
        "lessons": [
            {
                "slug": "planning-from-community-needs",
                "title": "Planning from Community Needs",
                "body": _text(
                    """
                    The best adult programs start from what people in your county want to learn or do.
                    Ask patrons, watch what they check out, and listen to what comes up at the desk: tax
                    questions in February, gardening in spring, Medicare questions in the fall.

                    Programs fall into a few broad types: learning (a class on using a smartphone),
                    cultural (an author talk or local history presentation), social (a book club or
                    craft night) and service (help with job applications or tax forms).

                    For each idea, write down the goal, the audience, the date and time that suits them,
                    the space and supplies needed, and a budget. Evenings and Saturdays reach working
                    adults; mornings may suit retirees.
                    """
                ),
            },
            {
                "slug": "partners-and-presenters",
                "title": "Partners and Presenters",
                "body": _text(
                    """
                    You do not have to be the expert. Your county has people and organizations who would
                    welcome the chance to share what they know, often at no cost.

                    - The county Cooperative Extension office: food preservation, gardening, finances.
                    - The local health department and hospital: health screenings and talks.
                    - Historical and genealogical societies: local history and family research.
                    - Colleges, small businesses and clubs: classes and demonstrations.

                    Confirm every presenter in writing: date, time, room, equipment, expected audience and
                    any fee. Check that the program fits the library's policies, and be clear that
                    presenters may not sell products without permission.

                    Kentucky Humanities and other state organizations offer speakers and touring programs;
                    ask your KDLA regional consultant about current opportunities.
                    """
                ),
            },
            {
                "slug": "promotion-and-evaluation",
                "title": "Promotion and Evaluation",
                "body": _text(
                    """
                    Start promoting three to four weeks ahead. Use the library's website and social media,
                    flyers at the desk and around town, the local newspaper and radio station, and
                    word of mouth from staff. Tell patrons who checked out related books.

                    Make registration easy if space is limited, and send a reminder the day before.

                    After the program, record attendance and ask a few quick questions: What did you
                    learn? What would you like next? A short comment card is enough.

                    Review each program with your supervisor. Attendance is only one measure; a small
                    group that learns a new skill can be a great success. Keep notes so the next program
                    is easier to plan.
                    """
                ),
            },
        ],
    },
    {
        "slug": "technology-help-at-the-public-desk",
        "title": "Technology Help at the Public Desk",
        "category": "continuing-education",
        "summary": (
            "Help patrons with computers, phones, printing and online forms in a way that builds their "
            "confidence while protecting their privacy and your time."
        ),
        "contact_hours": "1.00",
        "required": False,
        "lessons": [
            {
                "slug": "helping-without-taking-over",
                "title": "Helping Without Taking Over",
                "body": _text(
                    """
                    For many people in Kentucky, the library is the only place with free computers, Wi-Fi
                    and someone willing to help. Patrons come to apply for jobs, reach government
                    services, file claims, print boarding passes, and keep up with family.

                    Aim to help the patron do it themselves. Keep your hands off the mouse when you can,
                    and talk them through each step. They will leave with a new skill and will need less
                    help next time.

                    Be patient with beginners. Explain terms like "browser", "download" or "tab", and do
                    not assume everyone knows how to use a mouse or a touch screen.

                    Know your limits and your library's. It is fine to say "I can show you where the form
                    is, but I can't fill it out for you," and to suggest a class or a one-on-one
                    appointment for longer sessions.
                    """
                ),
            },
            {
                "slug": "privacy-and-personal-information",
                "title": "Privacy and Personal Information",
                "body": _text(
                    """
                    Patrons often enter Social Security numbers, bank details, medical information and
                    passwords on library computers. Treat everything you see as confidential.

                    - Never ask for or write down a patron's password.
                    - Look away while they type passwords and PINs.
                    - Remind them to log out of email and websites and to close the browser.
                    - Show them where to collect print jobs so private pages are not left behind.

                    Be careful with scams. If a patron is being asked to pay with gift cards, wire money
                    to a stranger, or let someone "fix" their computer remotely, gently point out the
                    warning signs and suggest they check with family or the Kentucky Attorney General's
                    consumer protection office before acting.
                    """
                ),
            },
            {
                "slug": "common-requests",
                "title": "Common Requests: Printing, Email, Online Forms",
                "body": _text(
                    """
                    A handful of requests make up most technology help. Keep short, printed step-by-step
                    guides at the desk for each of them.

                    - Printing and copying, including from a phone or laptop, and the cost per page.
                    - Creating an email account, and recovering a forgotten password.
                    - Attaching a document or photo to an email.
                    - Scanning and saving documents as PDF.
                    - Filling out online job applications and government forms.
                    - Downloading e-books and audiobooks with the library's apps.

                    Online forms for unemployment, benefits or health coverage can take a long time. Help
                    the patron find the right site and get started, and make sure they know how to save
                    their progress and where to call for help with their case.
                    """
                ),
            },
        ],
    },
    {
        "slug": "intellectual-freedom-and-challenged-materials",
        "title": "Intellectual Freedom and Challenged Materials",
        "category": "continuing-education",
        "summary": (
            "The principles behind free access to information and patron privacy, and what to do, step by "
            "step, when a patron objects to an item in the collection or a library program."
        ),
        "contact_hours": "1.50",
        "required": False,
        "lessons": [
            {
                "slug": "intellectual-freedom-principles",
                "title": "Intellectual Freedom Principles",
                "body": _text(
                    """
                    Public libraries serve everyone in the community, and their collections include many
                    points of view, including ones some people find objectionable. Intellectual freedom is
                    the right of every person to seek and receive information without restriction.

                    The American Library Association's Library Bill of Rights and the Freedom to Read
                    Statement describe these principles. Many library boards adopt them as part of their
                    collection development policy.

                    In practice, this means the library selects materials according to its written policy,
                    not personal preferences, and that parents and guardians decide what their own
                    children read, not staff and not other patrons.
                    """
                ),
            },
            {
                "slug": "patron-privacy",
                "title": "Patron Privacy and Confidentiality",
                "body": _text(
                    """
                    People will not freely use the library if they fear that others will learn what they
                    read or ask about. Patron records, including circulation history, holds, computer use
                    and reference questions, are confidential.

                    - Do not tell anyone what another person has checked out, even a family member,
                      unless your policy allows it (for example, a parent picking up holds).
                    - Do not read titles aloud at the desk when others can hear.
                    - Refer any request for patron records from law enforcement or an attorney to the
                      director. Do not hand over records yourself.

                    Ask your director how your library's policy applies in your building, and follow it
                    every time.
                    """
                ),
            },
            {
                "slug": "when-someone-objects",
                "title": "When Someone Objects to a Book",
                "body": _text(
                    """
                    Sooner or later a patron will object to a book, a display or a program. Most people
                    who complain simply want to be heard. Listen respectfully, do not argue, and do not
                    promise that the item will be removed.

                    Explain that the library serves many people with different needs, and that there is a
                    formal process for asking the library to reconsider an item. Offer the
                    reconsideration form and explain who reviews it.

                    Report every challenge to your director, even informal ones, and note the title and
                    what the patron said. Do not remove, relabel or move the item on your own; the item
                    stays where it is while the request is reviewed under the board's policy.

                    Challenges can bring attention from the media or public officials. Refer such contacts
                    to the director, and remember that KDLA consultants can advise your library.
                    """
                ),
            },
        ],
        "quiz": [
            {
                "question": "A patron demands that you remove a book from the shelf. You should:",
                "choices": [
                    "Remove it right away to avoid trouble",
                    "Listen, explain the reconsideration process, and tell your director",
                    "Tell the patron the library never removes books",
                ],
                "answer": 1,
            },
            {
                "question": "A police officer asks you what a patron checked out. You should:",
                "choices": [
                    "Print the patron's history for the officer",
                    "Refuse and ask the officer to leave",
                    "Refer the request to the director according to library policy",
                ],
                "answer": 2,
            },
        ],
    },
    {
        "slug": "serving-patrons-with-disabilities",
        "title": "Serving Patrons with Disabilities",
        "category": "continuing-education",
        "summary": (
            "Respectful, practical service for patrons with disabilities: communication, accessible spaces "
            "and technology, and the Kentucky Talking Book Library."
        ),
        "contact_hours": "1.50",
        "required": False,
        "lessons": [
            {
                "slug": "people-first-service",
                "title": "People-First Service",
                "body": _text(
                    """
                    About one in four adults has a disability. Some disabilities are visible, such as a
                    wheelchair or a guide dog; many are not, such as hearing loss, low vision, a learning
                    disability, chronic illness or mental health conditions.

                    Start with the same good service you give everyone, and ask before helping: "Would you
                    like help with that?" Accept the answer. Speak directly to the patron, not to a
                    companion or interpreter.

                    - Speak clearly and face the person; do not shout.
                    - Offer to write things down, or use a notepad or screen to communicate.
                    - Do not pet, feed or distract a service animal.
                    - Be patient; give people time to finish speaking.

                    Under the Americans with Disabilities Act, the library must make reasonable changes so
                    that people with disabilities can use its services. Ask your supervisor what
                    accommodations your library offers and how to request them.
                    """
                ),
            },
            {
                "slug": "accessible-spaces-and-technology",
                "title": "Accessible Spaces and Technology",
                "body": _text(
                    """
                    Small things make a building easier to use. Keep aisles, ramps and accessible parking
                    clear, and make sure the accessible entrance and restroom are unlocked and stocked.
                    Watch for book carts or displays that block a path.

                    Learn the accessibility features of your public computers: screen magnification, high
                    contrast, text-to-speech, and keyboard shortcuts. Large-print keyboards and trackball
                    mice are inexpensive and helpful.

                    Large-print books, audiobooks, e-books with adjustable text, and captioned DVDs serve
                    many patrons. Make sure they are easy to find and that patrons know they exist.

                    Programs should be accessible too. Mention in your promotion how to request an
                    accommodation, and choose rooms that everyone can reach.
                    """
                ),
            },
            {
                "slug": "kentucky-talking-book-library",
                "title": "The Kentucky Talking Book Library",
                "body": _text(
                    """
                    The Kentucky Talking Book Library, part of KDLA, provides free audiobooks, braille
                    books and magazines to Kentuckians who cannot read standard print because of a visual,
                    physical or reading disability. It works with the National Library Service for the
                    Blind and Print Disabled at the Library of Congress.

                    Materials and playback equipment are mailed free of charge, and many titles can be
                    downloaded to a smartphone or tablet. Patrons of any age can qualify, including
                    children and residents of nursing homes.

                    Keep applications at your desk and know how to help a patron complete one. A
                    certifying authority, such as a doctor, a librarian or another professional, signs to
                    confirm eligibility. Refer patrons to the Talking Book Library for questions about
                    their accounts and equipment.
                    """
                ),
            },
        ],
    },
    {
        "slug": "early-literacy-and-storytime-basics",
        "title": "Early Literacy and Storytime Basics",
        "category": "continuing-education",
        "summary": (
            "How young children get ready to read, and how to plan a storytime that models early literacy "
            "practices for parents and caregivers."
        ),
        "contact_hours": "2.00",
        "required": False,
        "lessons": [
            {
                "slug": "five-practices",
                "title": "Five Early Literacy Practices",
                "body": _text(
                    """
                    Children begin learning the skills they need to read long before they start school.
                    Parents and caregivers are a child's first teachers, and the library can show them
                    simple ways to help every day.

                    Every Child Ready to Read, a program of the Public Library Association and the
                    Association for Library Service to Children, names five practices:

                    - Talking: conversations build vocabulary and background knowledge.
                    - Singing: songs slow language down so children hear the sounds in words.
                    - Reading: shared reading builds a love of books and an understanding of print.
                    - Writing: scribbling and drawing build the fine motor skills for writing.
                    - Playing: pretend play helps children understand stories and symbols.

                    In storytime, share one short tip with the grown-ups each week: "Singing together
                    helps your child hear the smaller sounds in words."
                    """
                ),
            },
            {
                "slug": "planning-a-storytime",
                "title": "Planning a Storytime",
                "body": _text(
                    """
                    A storytime follows a predictable pattern so that young children feel comfortable. A
                    typical 20 to 30 minute session for preschoolers might include:

                    - A welcome song that is the same every week.
                    - Two or three picture books, with the most active one in the middle.
                    - Rhymes, fingerplays and movement songs between books.
                    - A flannel board story or puppet.
                    - A goodbye song, then time for play, a simple craft or checking out books.

                    Choose books with big, clear pictures and text that is fun to read aloud. Practice
                    before you read, hold the book so everyone can see, and do not be afraid to skip pages
                    or stop early if the group is restless.

                    Adjust for the age: baby lap-sits are short and full of bounces and rhymes; toddler
                    times are active; preschool storytime can hold longer stories.
                    """
                ),
            },
            {
                "slug": "summer-reading-and-families",
                "title": "Summer Reading and Reaching Families",
                "body": _text(
                    """
                    Children who do not read over the summer can lose ground before school starts again.
                    Kentucky public libraries run summer reading programs each year, often using the
                    shared theme and materials of the Collaborative Summer Library Program.

                    Keep the program simple to join and open to every reading level. Count time spent
                    reading or being read to, not only the number of books, so that beginning readers and
                    listeners can take part.

                    Reach families who do not come to the library. Visit Head Start centers, child care
                    providers, WIC clinics and community events, and bring library card applications.

                    Let families know that the library is a place for young children, noise and all, and
                    that every child in the county can have a library card.
                    """
                ),
            },
        ],
    },
    {
        "slug": "kentucky-public-libraries-governance",
        "title": "Kentucky Public Libraries: Boards, Funding and KDLA",
        "category": "continuing-education",
        "summary": (
            "How Kentucky public libraries are governed and funded, the role of the board of trustees and "
            "the director, and the support KDLA provides to libraries and their staff."
        ),
        "contact_hours": "1.00",
        "required": False,
        "lessons": [
            {
                "slug": "boards-and-directors",
                "title": "Boards of Trustees and Directors",
                "body": _text(
                    """
                    Each Kentucky public library is governed by a board of trustees. The board adopts
                    policies, approves the budget and sets the tax rate where the library is a taxing
                    district, and hires and evaluates the director.

                    The director manages the library day to day: staff, services, the building and the
                    collection, carrying out the board's policies. Staff bring questions and concerns
                    through their supervisor and the director, not directly to individual trustees.

                    Board meetings are public meetings under Kentucky's Open Meetings Act, and library
                    records other than patron records are generally open to public inspection under the
                    Open Records Act. Ask your director how requests for records are handled.
                    """
                ),
            },
            {
                "slug": "funding",
                "title": "How Libraries Are Funded",
                "body": _text(
                    """
                    Most Kentucky public libraries are special taxing districts funded mainly by a local
                    property tax. Other income can include state aid distributed by KDLA, federal grants,
                    fines and fees, donations, and support from a Friends of the Library group or a
                    library foundation.

                    Because the library is supported by public money, it must budget carefully, follow
                    purchasing rules, and report each year on its finances and services.

                    The annual statistical report that every library sends to KDLA includes figures such as
                    circulation, program attendance and visits, so accurate counts at the desk matter.
                    """
                ),
            },
            {
                "slug": "kdla-and-certification",
                "title": "KDLA and Staff Certification",
                "body": _text(
                    """
                    The Kentucky Department for Libraries and Archives supports public libraries across
                    the state. Regional consultants advise directors and boards; KDLA administers state
                    aid and grants, supports shared resources, and offers training for library staff and
                    trustees.

                    KDLA also certifies public library staff. Part-time staff who work fewer than 100
                    hours a month can earn part-time certification by completing four courses: Customer
                    Service Basics, Reference Basics, Solving Difficult Situations in the Library, and
                    Readers' Advisory Basics, and then submitting the Application for Certification of
                    Part-Time Library Staff.

                    Certification lasts five years. To renew it, earn 15 contact hours of continuing
                    education during the five-year cycle (one hour of training equals one contact hour),
                    keep your Learning Activity Reports and certificates, and submit a renewal
                    application.
                    """
                ),
            },
        ],
    },
]

# One public library system per Kentucky county (120), sorted alphabetically. Systems known by a name
# other than "<County> County Public Library" use that name (Fayette: Lexington Public Library, Franklin:
# Paul Sawyier Public Library, Jefferson: Louisville Free Public Library, ...).
LIBRARIES = [
    "Adair County Public Library",
    "Allen County Public Library",
    "Anderson Public Library",
    "Ballard County Public Library",
    "Barren County Public Library",
    "Bath County Memorial Library",
    "Bell County Public Library",
    "Boone County Public Library",
    "Boyd County Public Library",
    "Boyle County Public Library",
    "Bracken County Public Library",
    "Breathitt County Public Library",
    "Breckinridge County Public Library",
    "Bullitt County Public Library",
    "Butler County Public Library",
    "Calloway County Public Library",
    "Campbell County Public Library",
    "Carlisle County Public Library",
    "Carroll County Public Library",
    "Carter County Public Library",
    "Casey County Public Library",
    "Clark County Public Library",
    "Clay County Public Library",
    "Clinton County Public Library",
    "Crittenden County Public Library",
    "Cumberland County Public Library",
    "Cynthiana-Harrison County Public Library",
    "Daviess County Public Library",
    "Edmonson County Public Library",
    "Elliott County Public Library",
    "Estill County Public Library",
    "Fleming County Public Library",
    "Floyd County Public Library",
    "Fulton County Public Library",
    "Gallatin County Public Library",
    "Garrard County Public Library",
    "George Coon Public Library",
    "Grant County Public Library",
    "Graves County Public Library",
    "Grayson County Public Library",
    "Green County Public Library",
    "Greenup County Public Library",
    "Hancock County Public Library",
    "Hardin County Public Library",
    "Harlan County Public Library",
    "Hart County Public Library",
    "Henderson County Public Library",
    "Henry County Public Library",
    "Hickman County Public Library",
    "Hopkins County-Madisonville Public Library",
    "Hopkinsville-Christian County Public Library",
    "Jackson County Public Library",
    "Jessamine County Public Library",
    "John L. Street Library",
    "Johnson County Public Library",
    "Kenton County Public Library",
    "Knott County Public Library",
    "Knox County Public Library",
    "LaRue County Public Library",
    "Laurel County Public Library",
    "Lawrence County Public Library",
    "Lee County Public Library",
    "Leslie County Public Library",
    "Letcher County Public Library",
    "Lewis County Public Library",
    "Lexington Public Library",
    "Lincoln County Public Library",
    "Livingston County Public Library",
    "Logan County Public Library",
    "Louisville Free Public Library",
    "Lyon County Public Library",
    "Madison County Public Library",
    "Magoffin County Public Library",
    "Marion County Public Library",
    "Marshall County Public Library",
    "Martin County Public Library",
    "Mason County Public Library",
    "McCracken County Public Library",
    "McCreary County Public Library",
    "McLean County Public Library",
    "Meade County Public Library",
    "Menifee County Public Library",
    "Mercer County Public Library",
    "Metcalfe County Public Library",
    "Monroe County Public Library",
    "Montgomery County Public Library",
    "Morgan County Public Library",
    "Muhlenberg County Public Library",
    "Nelson County Public Library",
    "Nicholas County Public Library",
    "Ohio County Public Library",
    "Oldham County Public Library",
    "Owen County Public Library",
    "Owsley County Public Library",
    "Paris-Bourbon County Library",
    "Paul Sawyier Public Library",
    "Pendleton County Public Library",
    "Perry County Public Library",
    "Pike County Public Library",
    "Powell County Public Library",
    "Pulaski County Public Library",
    "Robertson County Public Library",
    "Rockcastle County Public Library",
    "Rowan County Public Library",
    "Russell County Public Library",
    "Scott County Public Library",
    "Shelby County Public Library",
    "Simpson County Public Library",
    "Spencer County Public Library",
    "Taylor County Public Library",
    "Todd County Public Library",
    "Trimble County Public Library",
    "Union County Public Library",
    "Warren County Public Library",
    "Washington County Public Library",
    "Wayne County Public Library",
    "Webster County Public Library",
    "Whitley County Public Library",
    "Wolfe County Public Library",
    "Woodford County Library",
]
