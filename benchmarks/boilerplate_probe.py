"""Generalisation probe for the boilerplate ``phrase`` rule.

The dev set (../shared/data/boilerplate.jsonl) holds boilerplate lines from one set of real
pages; releases are judged on lines from OTHER pages. This probe measures the phrase rule on
furniture lines written independently of the dev set (from general knowledge of news-site
templates: many outlets, US, UK, Australian and Indian styles) and on article sentences
that use the same words in ordinary prose (which must not be flagged).

* POSITIVE: category -> furniture lines. Each line is split deterministically (sha256 of the
  line) into a ``tune`` half and a ``test`` half. Tune patterns on the tune half's misses only;
  the test half is the honest generalisation figure.
* NEGATIVE: prose sentences that mention cookies, comments, share prices, subscribers, photos...

Each line (positive or negative) is injected ONCE, as its own paragraph, at the start or the end
of its own clean article (clean.jsonl, a distinct article per line, chosen deterministically),
so the repeated-line rule cannot catch it by repetition: the ``phrase`` recall is what is
reported first; recall by any boilerplate rule is shown next to it.

Usage: python benchmarks/boilerplate_probe.py [DATA_DIR] [--misses tune|test|all] [--flags]
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

from copydesk.corpus import Corpus, load_corpus
from copydesk.validators.boilerplate import BoilerplateValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score import DEFAULT_DATA  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Probe data (written for this probe; invented outlet and people names)
# ---------------------------------------------------------------------------------------------

POSITIVE: dict[str, list[str]] = {
    "share": [
        "Share this story",
        "SHARE THIS ARTICLE",
        "Share on Facebook",
        "Share via Email",
        "Share this with",
        "Share:",
        "Share this page",
        "Share article",
        "Copy link",
        "Link copied!",
        "Copy article link",
        "Share on WhatsApp",
        "Email to a friend",
        "Send to a friend",
        "Tweet this quote",
        "Share this: Facebook Twitter Email",
        "Facebook Twitter LinkedIn Email",
        "Share full article",
        "Gift this article",
        "Print article",
        "Save story",
        "Save for later",
        "Bookmark",
        "Spread the word",
    ],
    "follow": [
        "Follow us on Twitter @cityherald",
        "Follow the author on Twitter: @jsmithnews",
        "Follow Jane Smith on Instagram",
        "Follow us on Facebook and Instagram for more stories",
        "Connect with us on LinkedIn",
        "Find us on Facebook",
        "Like us on Facebook and follow us on Twitter",
        "Follow @HeraldPolitics for the latest.",
        "Keep up with this story and more by following us on Twitter.",
        "Stay connected with us on social media",
        "Follow us on Google News",
        "Join our WhatsApp channel for the latest updates",
        "Join our Telegram channel",
        "Follow Northshire News on Twitter and Facebook",
        "Get the latest news on our Facebook page",
        "Follow Ledger Business on X",
        "Follow Kate on X: @katewrites",
        "Find the Courier on Instagram, TikTok and YouTube",
    ],
    "newsletter": [
        "Sign up for our morning newsletter",
        "Sign up to our free daily email",
        "Subscribe to our newsletter",
        "Get our free Business newsletter",
        "Enter your email address",
        "Enter your email",
        "Thanks for signing up!",
        "You're all set! Check your inbox for a confirmation.",
        "By signing up, you agree to our Privacy Policy and Terms of Use.",
        "Want more stories like this? Sign up for our newsletter.",
        "The Morning Brief: the day's top stories, delivered to your inbox every weekday.",
        "Get the best of The Ledger delivered straight to your inbox.",
        "Invalid email address",
        "Please enter a valid email address.",
        "Sign me up",
        "No spam, unsubscribe at any time.",
        "Don't miss out - subscribe to our weekly roundup.",
        "This article is from our Politics newsletter. Sign up here.",
        "Sign up for breaking news alerts",
        "Get email updates from the Herald",
    ],
    "paywall": [
        "Subscribe now for unlimited access",
        "Subscribers only",
        "This content is available to subscribers only.",
        "You have reached your limit of free articles this month.",
        "You've read 3 of 5 free articles.",
        "Already a subscriber? Log in",
        "Sign in to continue reading",
        "Log in or create a free account to continue reading.",
        "Start your free trial",
        "Try 1 month for $1",
        "Unlock this article",
        "Subscribe for just 99p a week",
        "Only $1 for 6 months",
        "Premium content",
        "Exclusive for subscribers",
        "Get unlimited digital access",
        "Manage your subscription",
        "Forgot password?",
        "Don't have an account? Sign up",
        "Continue reading with a subscription",
    ],
    "cookie": [
        "We use cookies to give you the best experience on our website.",
        "This website uses cookies.",
        "Accept all cookies",
        "Manage cookie preferences",
        "Cookie Settings",
        "By continuing to browse the site you are agreeing to our use of cookies.",
        "We and our partners use cookies and similar technologies to personalise content and ads.",
        "Your privacy choices",
        "Do Not Sell or Share My Personal Information",
        "Privacy & Cookies Policy",
        "Accept and continue",
        "Reject all",
        "I agree",
        "We value your privacy",
        "Our site uses cookies. Find out more about how we use them in our cookie policy.",
        "California residents: your privacy rights",
        "AdChoices",
        "Ad choices",
    ],
    "copyright": [
        "\u00a9 2013 Example Broadcasting Network. All Rights Reserved.",
        "Copyright \u00a9 2012 The Daily Courier",
        "All rights reserved.",
        "This material may not be published, broadcast or redistributed without permission.",
        "(c) 2011 Midland Newspapers Inc.",
        "Copyright 2013 Valley Public Radio. To see more, visit our website.",
        "Reproduction in whole or in part without permission is prohibited.",
        "Use of this site constitutes acceptance of our User Agreement and Privacy Policy.",
        "Terms & Conditions",
        "Terms of Service",
        "Privacy Policy",
        "Contact Us",
        "About Us",
        "Sitemap",
        "Copyright Agence Example-Presse 2013",
        "\u00a9 Harbour Media Limited or its affiliated companies.",
        "Licensing & Reprints",
        "Reprints & Permissions",
        "Republish this article",
        "Some rights reserved",
    ],
    "comments": [
        "Leave a Reply",
        "Leave a comment",
        "Post a comment",
        "12 comments",
        "Comments (0)",
        "View comments",
        "Show comments",
        "Comments are closed for this article.",
        "Commenting is closed",
        "Be the first to comment",
        "Please read our comment policy before commenting.",
        "Comments are moderated and will appear after approval.",
        "Your email address will not be published. Required fields are marked *",
        "Name (required)",
        "Notify me of follow-up comments by email.",
        "Reply",
        "Report abuse",
        "Sort by: Newest first",
        "Join the conversation",
        "Comments powered by Disqus",
        "We welcome your comments. Please keep them civil and on topic.",
        "Log in to comment",
        "Newest | Oldest | Most liked",
        "Share your thoughts in the comments below.",
    ],
    "related": [
        "Read more",
        "READ MORE:",
        "Read more: Storm leaves thousands without power",
        "Related Articles",
        "Related coverage",
        "You may also like",
        "More from Business",
        "Most Read",
        "Most viewed",
        "Recommended for you",
        "Further reading",
        "Also on the site",
        "Keep reading",
        "Continue reading",
        "See more stories",
        "More stories from our network",
        "What to read next",
        "Around the web",
        "From our partners",
        "Elsewhere on the web",
        "More on this story",
        "RELATED: Mayor to seek second term",
        "ALSO READ | Govt extends deadline for filing returns",
        "Also Read: Monsoon likely to arrive early in Kerala",
        "Editor's picks",
        "Top Stories",
        "Popular on The Herald",
        "Previous article",
        "Next article",
        "Next story",
        "Back to top",
        "More in Politics",
    ],
    "credit": [
        "Photo: AP",
        "(Photo by Mark Wilson/Getty Images)",
        "Photograph: Andy Rain/EPA",
        "Photo courtesy of the city of Austin",
        "Image copyright Getty Images",
        "Image caption The crowd gathered outside parliament",
        "Media playback is unsupported on your device",
        "Credit: Reuters",
        "Picture: Supplied",
        "Picture: Getty",
        "File photo",
        "Video by Jane Smith",
        "Graphic: The Times",
        "Illustration by Sam Lee for The Herald",
        "Photos by John Doe / The Herald",
        "(AP Photo/Evan Ross)",
        "Photo credit: Sarah Jones",
        "Supplied",
        "Enlarge this image",
        "Click to enlarge",
        "Photo 3 of 15",
        "Play video",
        "Watch video",
        "Now playing",
        "Source: Bureau of Labor Statistics",
        "Image: Shutterstock",
    ],
    "advertisement": [
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Article continues below advertisement",
        "Continue reading below",
        "Sponsored",
        "Sponsored Content",
        "Paid Post",
        "Advertiser content",
        "Content from our partners",
        "Ad Feedback",
        "Report this ad",
        "Scroll to continue with content",
        "The story continues below.",
        "Promoted Links",
        "Sponsored Links by Taboola",
        "Recommended by Outbrain",
        "Advertisement - scroll to continue",
        "Article continues after advertisement",
        "Ad",
    ],
    "tags": [
        "Tags: economy, jobs, unemployment",
        "Topics: Politics, Congress",
        "Filed under: Crime",
        "Categories: News, Local",
        "Keywords: budget, schools, taxes",
        "More about: Brexit, Theresa May",
        "Related topics",
        "Explore more on these topics",
        "Topics",
        "Tags",
        "Posted in Politics | Tagged election, senate",
        "Subjects: Health care",
        "This entry was posted in Uncategorized and tagged budget.",
        "See more: Environment, Climate change",
    ],
    "byline": [
        "By Sarah Johnson, Staff Writer",
        "By JOHN SMITH Associated Press",
        "By Tom Brown | Reuters",
        "Posted: 03/05/2013 4:15 pm EST",
        "Updated: 11:42 a.m. ET March 5, 2013",
        "Published 6:00 AM EDT Apr 2, 2013",
        "Last updated: 5 March 2013",
        "Updated 2 hours ago",
        "First published on Tue 5 Mar 2013 07.00 GMT",
        "Last modified on Wed 6 Mar 2013 10.02 GMT",
        "Published: March 5, 2013",
        "March 5, 2013 | 4:15 PM",
        "Tue, Mar 5, 2013",
        "Staff Writer",
        "5 min read",
        "Reading time: 4 minutes",
        "About the author",
        "More by this author",
        "View all posts by Jane Smith",
        "Written by Maria Gonzalez",
        "Words by Tom Hale",
        "Jane Smith covers city hall for the Herald. Reach her at jsmith@example.com.",
        "Contact the writer: jsmith@example.com",
    ],
    "syndication": [
        "This article originally appeared on The Conversation.",
        "This story was originally published by Example Watch.",
        "A version of this article appears in print on March 5, 2013, on page A1 of the New York edition.",
        "Reporting by David Brown; Editing by Tom Green",
        "(Reporting by Jane Doe in London; Editing by Mark Potter)",
        "Additional reporting by Ana Lopez in Madrid",
        "Writing by Michael Perry; Editing by Sam Holmes",
        "Our standards: the Trust Principles.",
        "The Associated Press contributed to this report.",
        "AFP contributed to this report.",
        "Staff writer Maria Lopez contributed to this report.",
        "Distributed by Tribune Content Agency, LLC.",
        "This story was produced in partnership with the Example Health Network.",
        "Republished with permission.",
        "With inputs from PTI",
        "(With inputs from agencies)",
        "(This story has not been edited by our staff and is auto-generated from a syndicated feed.)",
        "Compiled by Sue Hale; edited by Ann Roe",
    ],
    "app": [
        "Download our app",
        "Download the Daily News app for iPhone and Android.",
        "Get the app",
        "Available on the App Store",
        "Get it on Google Play",
        "Read this story in our app",
        "Open in app",
        "Get breaking news alerts on your phone with our free app.",
        "Turn on notifications",
        "Enable push notifications",
        "Never miss a story: download the free Herald app.",
        "Try our new app",
    ],
    "audio": [
        "Listen to this article",
        "Listen to this story",
        "Listen",
        "Listen 4 min",
        "Audio is not supported in your browser",
        "Subscribe to our podcast on Apple Podcasts, Spotify or wherever you get your podcasts.",
        "Listen on Spotify",
        "Play episode",
        "Listen to the full episode above.",
        "Download the podcast",
        "This audio is auto-generated. Please let us know if you have feedback.",
        "Listen to the podcast",
    ],
    "donation": [
        "Support independent journalism",
        "Donate now",
        "Become a member",
        "Support our journalism today",
        "If you value our reporting, please consider making a donation.",
        "Make a contribution",
        "Donate",
        "Support us",
        "Give to The Tribune",
        "Join our membership program",
        "Contribute from as little as $1",
        "We rely on readers like you. Support our work.",
        "Support local news. Subscribe today.",
    ],
    "tips": [
        "Got a news tip? Email us at tips@example.com",
        "Have a story idea? Contact our newsroom.",
        "Do you have information about this story? Contact us",
        "Report a correction or typo",
        "Spotted an error? Let us know.",
        "Report an error",
        "Send us a tip",
        "Submit a tip",
        "We welcome tips from readers.",
        "Correction: An earlier version of this article misstated the year the bridge opened.",
        "Clarification appended",
        "This article has been corrected.",
        "Editor's note: This story has been updated.",
        "Contact us at letters@example.com.",
        "Write to Jane Smith at jane.smith@example.com",
        "Have feedback? Send us a note.",
    ],
    "liveblog": [
        "Live updates",
        "LIVE",
        "Key events",
        "Show key events only",
        "Refresh",
        "Auto-update on",
        "Updated 14:32 GMT",
        "Pinned post",
        "Latest posts",
        "Load earlier posts",
        "Show more updates",
        "New post",
        "Jump to latest update",
        "Live blog closed",
        "Follow live coverage",
        "Breaking News",
        "BREAKING",
        "Developing story",
        "This is a developing story and will be updated.",
        "This story is developing. Check back for updates.",
    ],
    "technical": [
        "Loading comments...",
        "Please enable JavaScript to view this content.",
        "Your browser does not support the video tag.",
        "You need to enable JavaScript to run this app.",
        "Something went wrong. Please try again later.",
        "Sorry, this video is not available in your region.",
        "This content is not available in your location.",
        "Skip to main content",
        "Skip navigation",
        "Toggle navigation",
        "Menu",
        "Search",
        "Close",
        "Open navigation menu",
    ],
}

NEGATIVE: list[str] = [
    # share / follow
    "Share prices in Tokyo closed 1.4 percent higher on Tuesday, led by exporters.",
    "Shares of the company fell 8 percent after it cut its profit forecast.",
    "The two leaders share a long history of mistrust, diplomats said.",
    "Facebook shares rose after the social network reported stronger advertising sales.",
    "She said she wanted to share her story so that other families would not suffer the same loss.",
    "Twitter users shared the video more than a million times within a day.",
    "The post was shared widely on Facebook before it was taken down.",
    "Follow-up tests showed no trace of the virus, the hospital said.",
    "Investors will follow the central bank's meeting closely next week.",
    "Police followed the suspect on foot for several blocks before arresting him.",
    "The senator, who has more than two million followers on Twitter, did not respond to a request for comment.",
    "He said he would follow the party line on the vote.",
    "Share buybacks reached a record $800 billion last year.",
    "Shareholders approved the merger at a meeting in Zurich on Friday.",
    "Follow the money, the prosecutor told the jury in her closing argument.",
    "More people now get their news on Instagram and TikTok than from printed newspapers, the survey found.",
    "The minister posted the letter on X on Sunday evening.",
    "Copies of the leaked memo were circulated on WhatsApp groups in the capital.",
    # subscribe / newsletter / account
    "The company has 4.1 million subscribers, up from 3.6 million a year earlier.",
    "Netflix added 2 million subscribers in the quarter, beating forecasts.",
    "Subscribers to the cable service will see their bills rise by $3 a month.",
    "The newspaper's print circulation has fallen by half since 2005, while digital subscriptions have grown.",
    "Readers who subscribe to the magazine will receive the special issue in the mail.",
    "The newsletter, which she began writing in 2019, now has more than 40,000 readers.",
    "The mayor's office sends out a weekly newsletter to residents.",
    "Sign-ups for the program fell short of the government's target, officials said.",
    "Voters must register by Oct. 15 to take part in the election.",
    "More than 300 people signed up for the class within an hour.",
    "The company said hackers had gained access to the email addresses of about 500,000 users.",
    "Subscription revenue grew 15 percent, the company said.",
    "Register offices will stay open late to cope with demand.",
    "Children under 13 are not allowed to create accounts on the platform.",
    "He created an account under a false name, prosecutors said.",
    "The account was suspended after the posts were reported.",
    "Passwords for about 6.5 million accounts were stolen.",
    "Forgotten passwords are the most common reason people call the help desk.",
    "The newspaper's paywall has helped it return to profit, the publisher said.",
    "Publishers have been experimenting with paywalls for more than a decade.",
    "Free trial offers are a common way to attract new customers.",
    "The company offers a 30-day free trial of its software.",
    "Sign language interpreters will be provided at all events.",
    "Alerts were sent to mobile phones across the region before the storm hit.",
    "The tsunami alert was lifted after two hours.",
    "Email newsletters have become a lucrative business for some independent writers.",
    "He signed in at the police station every week as a condition of his bail.",
    "Unlimited access to the museum costs 40 pounds a year.",
    "Members who log in to the union's website can vote until Friday.",
    # cookies / privacy / legal
    "Lawmakers voted to require websites to ask users before placing cookies on their computers.",
    "The bakery sold more than 10,000 cookies at the fair.",
    "Girl Scout cookie sales have dropped in recent years, the organization said.",
    "Privacy advocates said the new rules did not go far enough.",
    "The regulator fined the company for breaching privacy laws.",
    "Under the terms of the deal, the company will pay $2 billion in cash.",
    "The terms of use were changed without notice, users complained.",
    "Privacy is a growing concern for parents, the survey found.",
    "Privacy campaigners welcomed the ruling.",
    "The terms and conditions of the loan were changed in 2011.",
    "Users must accept the new terms of service by May 25.",
    "The website's cookie policy was found to breach European law.",
    "European regulators say consent for cookies must be freely given.",
    "Consent forms were not signed by all participants, the inquiry found.",
    "Terms of the settlement were not disclosed.",
    "Accepting the award, she thanked her parents and teachers.",
    "The council agreed to the plan after a three-hour debate.",
    "We use cookies from a family recipe, the bakery's owner said with a laugh.",
    "Contact between the two sides has been limited since the talks collapsed.",
    "About a third of the town's residents have left since the mine closed.",
    "Help arrived too late for many of the villagers.",
    "Careers in nursing are attracting more men, the study found.",
    "Jobs growth slowed in March, with employers adding 88,000 positions.",
    "Accessibility for disabled passengers remains poor at most stations.",
    "Corrections officers at the prison have been on strike since Monday.",
    "The personal information of 3 million customers was exposed, the bank said.",
    "Most users simply click accept without reading the privacy notice, researchers found.",
    # copyright / rights
    "The copyright lawsuit was dismissed by a federal judge in New York.",
    "Copyright law has not kept pace with technology, the panel concluded.",
    "The band said it retained all rights to its recordings under the new contract.",
    "Rights groups said the law would restrict freedom of expression.",
    "All rights to the film were sold to a US distributor.",
    "Reproduction of the painting is banned without the museum's permission.",
    "Copyright holders say the platform profits from pirated films.",
    "The state reserved the right to appeal, lawyers said.",
    "The images may not be published without consent under the new law, the court said.",
    # comments
    "Comments on the proposed rule are due by March 31.",
    "The agency received more than 20,000 comments during the public consultation.",
    "The minister's comments drew criticism from opposition parties.",
    "The White House declined to comment on the report.",
    "A spokeswoman for the company did not immediately respond to a request for comment.",
    "He made the comments in an interview with a local radio station.",
    "Comments made by the coach after the match were under review, the league said.",
    "Readers left hundreds of comments under the original post.",
    "The site closed its comments section in 2014, citing abuse.",
    "The comments section of the website was flooded with angry messages.",
    "Reply cards were sent to all 4,000 households in the district.",
    "In his reply, the minister said the figures were out of date.",
    "Police are investigating reports of abuse at the care home.",
    "Join the queue early, organisers advised, as tickets are expected to sell out.",
    "The conversation between the two presidents lasted more than an hour.",
    "Be the first to know, the campaign promised supporters who downloaded its app.",
    # read / related / most
    "Read together, the two documents show the plan was approved months earlier.",
    "Reading scores rose in 32 states, according to the report.",
    "He read a prepared statement outside the courthouse but took no questions.",
    "The full report is expected to be released later this month.",
    "More than half of the respondents said they read news on their phones.",
    "Related charges against two other men were dropped last year.",
    "Most of the victims were women and children, the agency said.",
    "Most read the proposal as a sign that the government was preparing to retreat.",
    "More from the hearing is expected on Wednesday, when the chief executive testifies.",
    "Top officials from both countries will meet in Geneva next week.",
    "Recommended changes to the tax code would cost $40 billion over a decade.",
    "In related news, the central bank kept interest rates unchanged.",
    "Also on Tuesday, the senate passed a bill on veterans' health care.",
    "Next, the bill goes to the governor for his signature.",
    "Top seed Serena Williams won her opening match in straight sets.",
    "Most analysts expect the central bank to raise rates in June.",
    "Popular opinion has turned against the war, polls show.",
    "Trending topics on Twitter included the election and the storm.",
    "Latest figures show unemployment fell to 7.6 percent in March.",
    "More than 100 people were injured in the explosion.",
    "Further talks are planned for next month in Brussels.",
    "Keep reading the small print, consumer groups advise, because the fees change often.",
    "Continue to monitor the situation, the agency told local authorities.",
    "Previous attempts to reform the system have failed.",
    "The next story in the series will look at the city's water supply.",
    "Back at the stadium, fans waited for hours in the rain.",
    "Editors picked the photograph for the front page within minutes.",
    "Around the world, governments are struggling to contain the outbreak.",
    # photos / video / credits
    "The photo, taken in 1968, shows the singer on stage in Paris.",
    "Photographs released by the military showed damaged buildings near the border.",
    "A photographer for The Associated Press was injured in the blast.",
    "The video, filmed on a mobile phone, appeared to show officers striking the man.",
    "Getty Images agreed to buy the photo agency for an undisclosed sum.",
    "The image quickly spread across social media.",
    "Credit card spending rose 4 percent in December.",
    "Credit for the discovery goes to a team of graduate students, the professor said.",
    "Photos of the damage were posted online by residents.",
    "Photo agencies have been hit hard by the rise of smartphones.",
    "Image rights are a key part of many football contracts.",
    "Illustrations in the book were drawn by the author's daughter.",
    "Graphic images of the attack circulated on social media.",
    "The footage was aired on state television on Sunday night.",
    "Pictures from the scene showed several burned-out cars.",
    "Video footage showed the car swerving across the road.",
    "Video games now bring in more money than films and music combined.",
    "The gallery will display more than 200 works by the artist.",
    "The exhibit includes photos, letters and personal belongings.",
    "Watch for rising interest rates next year, economists warned.",
    "The video is not available in some countries because of licensing rules.",
    "Sources said the deal could be announced as soon as Monday.",
    "According to sources familiar with the matter, the talks have stalled.",
    "Supplies of fuel and water were running low, aid workers said.",
    "Play resumed after a delay of two hours because of rain.",
    "Now playing in its third season, the show has won four awards.",
    "Click fraud costs advertisers billions of dollars a year, the study estimated.",
    "The photos were supplied by the family, police said.",
    # advertising / sponsorship
    "Advertising revenue fell 9 percent as marketers cut budgets.",
    "The advertisement, which ran during the Super Bowl, cost $4 million.",
    "Advertisers pulled their spots from the show after the host's remarks.",
    "The campaign spent $12 million on television ads in Ohio alone.",
    "Sponsored by two Republicans, the bill passed the Senate by a wide margin.",
    "The sponsorship deal is worth about $50 million over five years.",
    "The story continues to unfold as investigators search the wreckage.",
    "Digital advertising now accounts for half of all ad spending.",
    "Ad spending on television fell for the first time in a decade.",
    "Click-through rates on online ads have fallen for years.",
    "Paid content now makes up a fifth of the publisher's revenue.",
    "Promoted to captain last season, he has scored 14 goals.",
    # tags / topics / bylines / dates
    "Tags on the recovered luggage matched those of passengers on the flight.",
    "The topics under discussion include trade, climate and security.",
    "By Friday, the river had risen above the flood barriers.",
    "By the end of the decade, the city expects its population to double.",
    "By contrast, exports to Europe grew by 3 percent.",
    "Updated figures released on Monday showed the deficit was smaller than expected.",
    "The company published its annual report on Thursday.",
    "The book was published in 1998 and sold more than a million copies.",
    "Filed in federal court in Manhattan, the lawsuit seeks $10 million in damages.",
    "Topics such as immigration and crime dominated the debate.",
    "Keywords in job ads have shifted toward digital skills, the study found.",
    "Categories of visas will be cut from 20 to eight under the plan.",
    "In a statement posted on its website, the company apologised.",
    "Posted to Afghanistan in 2009, he served two tours.",
    "Staff writers at the magazine voted to unionize.",
    "The correspondent was expelled from the country in 2015.",
    "Written in 1851, the letter was found in an attic in Ohio.",
    "The author of the report, a former judge, said it had been ignored.",
    "The vote is scheduled for March 5, 2013, the clerk said.",
    "Updates to the software will be released every month.",
    # syndication / wire / reporting
    "The article originally appeared in a small literary magazine, the author said.",
    "Reporters were kept outside the building during the meeting.",
    "Editing the film took more than two years, the director said.",
    "The Associated Press reported the death on Tuesday, citing the family.",
    "Reuters could not independently verify the reports.",
    "Reporting from the front line has become increasingly dangerous.",
    "Reporting by the newspaper revealed that the mayor had used public funds.",
    "Additional funding will come from the European Union.",
    "This article of the constitution has never been tested in court.",
    "This story of survival has inspired thousands, the charity said.",
    "The Times reported last week that the deal was near.",
    "Editors at the paper defended the decision to publish the photos.",
    "The editor of the newspaper resigned on Tuesday.",
    "Newsrooms across the country have cut staff since 2008.",
    "The newsroom was evacuated after a bomb threat.",
    "A note from the editor, published on the front page, apologised to readers.",
    "Inputs from farmers' groups were ignored, the opposition said.",
    "Distributed across 40 countries, the vaccine has reached 200 million people.",
    # apps / audio
    "The app has been downloaded more than 50 million times.",
    "Apple removed the app from its App Store after complaints.",
    "Google Play and the App Store together account for most mobile software sales.",
    "Users can download the update from Thursday.",
    "Download speeds in rural areas lag far behind those in cities.",
    "Developers say the app will be available in Europe later this year.",
    "Listen carefully to what the minister did not say, the analyst said.",
    "The podcast, which began in 2014, has been downloaded 100 million times.",
    "Listeners called in to the radio show to complain about the decision.",
    "The podcast host apologised for the remarks on Monday's episode.",
    "The episode drew 8 million viewers, the network said.",
    "Listen to the voters, the senator urged his colleagues.",
    "Audio recordings of the meeting were released on Friday.",
    "Notifications about the recall were sent to 2 million car owners.",
    # donations / membership / support
    "Donations to the charity rose 20 percent after the appeal.",
    "The billionaire donated $10 million to the university's medical school.",
    "Members of the union voted to accept the offer.",
    "The club has 12,000 members and a waiting list of several years.",
    "Support for the measure has fallen since the spring, polls show.",
    "Membership of the party has fallen to its lowest level since the 1950s.",
    "Donors gave $2 billion to the campaigns, a record.",
    "Contributions from foreign nationals are banned under US law.",
    "Support us, the striking workers chanted outside the factory gates.",
    "Become a member of the alliance, the president urged Kyiv's neighbours.",
    # corrections / tips / feedback
    "The newspaper issued a correction after misidentifying the victim.",
    "Police received a tip from a member of the public.",
    "The tip of the iceberg, she said, was the unpaid overtime.",
    "Readers' letters poured in after the column was published.",
    "The newspaper's corrections column runs on page two.",
    "Errors in the data led to the report being withdrawn.",
    "Tips from the public led police to the suspect's apartment.",
    "The restaurant relies on tips to pay its staff.",
    "Feedback from parents was mostly positive, the school said.",
    "Report cards will be sent home on Friday.",
    # live / breaking / developing
    "Live music venues have struggled to reopen after the pandemic.",
    "The match will be broadcast live on national television.",
    "Breaking the deadlock will require concessions from both sides.",
    "The developing world will bear the brunt of rising food prices, the report said.",
    "The live broadcast was interrupted by protesters.",
    "Pinned under the rubble for two days, the boy was rescued on Sunday.",
    "Refresh rates on the new screens are twice as fast, the company said.",
    "Key events in the trial are expected next month.",
    "Breaking news coverage of the attack drew record audiences for the network.",
    "New posts will be created in the ministry to handle the backlog.",
    # web / technical words
    "JavaScript developers say the new framework is easier to learn.",
    "The browser maker said it would block third-party tracking by default.",
    "Loading of the cargo was delayed by the strike.",
    "The menu at the new restaurant changes every week.",
    "Search teams found the wreckage on Saturday.",
    "The search for the missing hikers was called off because of the weather.",
    "Close to 3,000 people were evacuated from the area.",
    "The website was down for several hours after the attack.",
    "Visitors to the site are asked to register with their real names.",
    "The agency's website crashed as millions of people tried to apply.",
    "Log exports fell sharply after the government imposed a ban.",
    "Print editions of the magazine will end in December.",
    "Printing presses at the plant will be shut down next year.",
    "The email, seen by Reuters, was sent to staff on Monday.",
    "He said the email had been sent by mistake.",
    "Please do not come to the hospital unless it is an emergency, officials said.",
    "Something went wrong with the landing gear, the pilot told controllers.",
    "Menus at fast food chains must list calorie counts under the new rule.",
    "Skip the queues by booking online, the museum advises visitors.",
    # non-US styles
    "The Reserve Bank of India kept its repo rate unchanged at 6.5 per cent.",
    "Scotland Yard said a 34-year-old man had been arrested on suspicion of fraud.",
    "The ASX 200 closed 0.8 per cent higher, with miners leading the gains.",
    "Shares in the retailer slumped 12 per cent on the FTSE 250 after the profit warning.",
    "The council tax rise will be debated at Holyrood next week.",
    "Punters were out in force at Flemington for the Melbourne Cup.",
]


# ---------------------------------------------------------------------------------------------

def half_of(line: str) -> str:
    """Deterministic split: ``tune`` or ``test`` by the first byte of the line's sha256."""
    return "tune" if hashlib.sha256(line.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def _load_clean(data: Path) -> list[dict]:
    with open(data / "clean.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return sorted(rows, key=lambda r: str(r["id"]))


def build_probe(data: Path) -> tuple[pd.DataFrame, list[dict]]:
    """Articles with one probe line each, plus a record per injected line (id, offsets, label)."""
    items = [(cat, line, "pos") for cat, lines in POSITIVE.items() for line in lines]
    items += [("negative", line, "neg") for line in NEGATIVE]
    seen = set()
    for _, line, _ in items:
        if line in seen:
            raise SystemExit(f"duplicate probe line: {line!r}")
        seen.add(line)
    clean = _load_clean(data)
    if len(clean) < len(items):
        raise SystemExit("not enough clean articles for one per probe line")
    # a distinct host article per line: order lines by hash, hand out host articles in order
    order = sorted(range(len(items)), key=lambda i: hashlib.sha256(items[i][1].encode()).hexdigest())
    rows, records = [], []
    for k, i in enumerate(order):
        category, line, kind = items[i]
        host = clean[k]
        body = host["body"].strip()
        at_start = hashlib.sha256(("pos:" + line).encode()).digest()[1] % 2 == 0
        if at_start:
            new_body, start = line + "\n\n" + body, 0
        else:
            new_body, start = body + "\n\n" + line, len(body) + 2
        aid = f"probe-{k:04d}"
        rows.append({"id": aid, "title": host.get("title") or "", "lede": host.get("lede") or "",
                     "body": new_body, "source": host.get("source"), "url": None, "published": None})
        records.append({"article_id": aid, "start": start, "end": start + len(line), "text": line,
                        "category": category, "kind": kind, "half": half_of(line)})
    return pd.DataFrame(rows), records


def _covered(findings, rec, rules=None) -> bool:
    cover = sum(max(0, min(f.end, rec["end"]) - max(f.start, rec["start"]))
                for f in findings if f.field == "body" and (rules is None or f.rule in rules))
    return cover >= 0.5 * (rec["end"] - rec["start"])


def evaluate(data: Path = DEFAULT_DATA) -> dict:
    frame, records = build_probe(data)
    corpus = Corpus.from_frame(frame)
    findings = BoilerplateValidator().run(corpus)
    by_article = defaultdict(list)
    for f in findings:
        by_article[f.article_id].append(f)
    for rec in records:
        fs = by_article[rec["article_id"]]
        rec["phrase"] = _covered(fs, rec, {"phrase"})
        rec["any"] = _covered(fs, rec)
        rec["how"] = [f.message for f in fs if f.start < rec["end"] and rec["start"] < f.end]
    # findings on the host articles' own text (not on the probe line): noise from the hosts
    host_flags = sum(1 for f in findings
                     if not any(r["article_id"] == f.article_id and f.start < r["end"] and r["start"] < f.end
                                for r in records if r["article_id"] == f.article_id))
    clean = load_corpus([data / "clean.jsonl"])
    t0 = time.perf_counter()
    cf = BoilerplateValidator().run(clean)
    elapsed = time.perf_counter() - t0
    return {"records": records, "host_flags": host_flags,
            "clean_findings": len(cf), "clean_rate": len(cf) / clean.word_count * 1e4,
            "clean_seconds": elapsed}


def _rate(recs, key) -> str:
    n = len(recs)
    hit = sum(r[key] for r in recs)
    return f"{hit:3d}/{n:3d} {hit / n if n else 0:.3f}"


def main() -> None:
    argv = sys.argv[1:]
    show = None
    if "--misses" in argv:
        i = argv.index("--misses")
        has_value = i + 1 < len(argv) and not argv[i + 1].startswith("-")
        show = argv[i + 1] if has_value else "tune"
        del argv[i:i + 1 + has_value]
    args = [a for a in argv if not a.startswith("-")]
    data = Path(args[0]) if args else DEFAULT_DATA
    result = evaluate(data)
    records = result["records"]
    pos = [r for r in records if r["kind"] == "pos"]
    neg = [r for r in records if r["kind"] == "neg"]
    print(f"probe: {len(pos)} boilerplate lines ({sum(r['half'] == 'tune' for r in pos)} tune / "
          f"{sum(r['half'] == 'test' for r in pos)} test), {len(neg)} negative prose lines")
    print(f"{'category':14s} {'n':>3s}  {'tune phrase':>15s}  {'test phrase':>15s}  {'all any-rule':>15s}")
    for cat in POSITIVE:
        rs = [r for r in pos if r["category"] == cat]
        tune = [r for r in rs if r["half"] == "tune"]
        test = [r for r in rs if r["half"] == "test"]
        print(f"{cat:14s} {len(rs):3d}  {_rate(tune, 'phrase')}  {_rate(test, 'phrase')}  {_rate(rs, 'any')}")
    for half in ("tune", "test"):
        rs = [r for r in pos if r["half"] == half]
        print(f"OVERALL {half:6s} phrase recall {_rate(rs, 'phrase')}   any-rule recall {_rate(rs, 'any')}")
    print(f"OVERALL all    phrase recall {_rate(pos, 'phrase')}   any-rule recall {_rate(pos, 'any')}")
    false = [r for r in neg if r["any"] or r["how"]]
    print(f"negative lines flagged: {len(false)}/{len(neg)}")
    print(f"host-article findings (not on probe lines): {result['host_flags']}")
    print(f"clean.jsonl: {result['clean_findings']} findings, {result['clean_rate']:.2f} per 10k words")
    if "--flags" in sys.argv or false:
        for r in false:
            print("   FALSE FLAG", repr(r["text"]), r["how"])
    if show:
        for r in pos:
            if not r["phrase"] and (show == "all" or r["half"] == show):
                print(f"   MISS {r['half']} {r['category']:13s} {r['text']!r}")


if __name__ == "__main__":
    main()
