"""Common given names with the gender they usually carry, to resolve "he" and "she".

Written by hand from general knowledge of naming (English, Spanish, Portuguese, French, Italian,
German, Dutch, Scandinavian, Slavic, Greek, Arabic, Turkish, Persian, South Asian, African and
East Asian names as they appear in English-language news), not from any corpus. Names used for
both genders (Jordan, Taylor, Morgan, Kim, Jean, Andrea, Robin...) are in neither list. A name here
only tips a pronoun towards a person; nothing is refused for lacking one.
"""

from __future__ import annotations

MALE = frozenset(
    """
    aaron abdel abdul abdulaziz abdullah abe abraham adam adnan adolfo adrian ahmad ahmed akbar al alain alan
    alastair albert alberto alec alejandro aleksandr aleksei alessandro alex alexander alexandre alexei alfonso
    alfred alfredo ali alistair allan allen alonso alvaro amir amit anand anatoly anders andre andrei andres andrew
    andy angelo angus anil anthony anton antonio anwar archie arjun armando arnold arthur arturo arun ashok ashraf
    augusto austin axel ayman barack barry bart basil ben benedict benito benjamin bernard bernardo bernd bernie
    bert bill billy bjorn blake bob bobby boris brad bradley brendan brent brett brian bruce bruno bryan burt byron
    caleb calvin cameron carl carlo carlos cecil cesar chad charles charlie chen chester chris christian christoph
    christophe christopher chuck clarence claude claudio clay clayton cliff clifford clint clive cody colin connor
    conor conrad corey cory craig curt curtis cyril cyrus dale damian damien dan daniel danny dante darius darrell
    darren dave david davide dean denis dennis derek desmond dick diego dieter dimitri dirk dmitri dmitry dominic
    don donald doug douglas duane duncan dustin dwayne dwight earl ed eddie edgar edmund eduardo edward edwin efrain
    elias elijah elliot elliott elmer emanuel emil emile emilio emmanuel enrique eric erik ernest ernesto ernie
    ernst esteban ethan eugene evan everett fabio fahad faisal farid farouk federico felipe felix ferdinand fernando
    filippo florian floyd francesco francis francisco franco francois frank frankie franz fred freddie frederick
    fredrik fritz gabriel gareth garrett gary gavin gene geoff geoffrey georg george georgios gerald gerard gerhard
    giorgio giovanni giuseppe glen glenn gordon graham grant greg gregg gregory guillermo gunnar gustavo guy hamid
    hans harold harry harvey hassan heinrich helmut henri henrik henry herbert herman hernan hiroshi horst howard
    hubert hugh hugo hussein ian ibrahim igor imran isaac ismail ivan jack jacob jacques jaime jake james jamie
    jared jason javier jay jeb jeff jeffrey jens jeremiah jeremy jerome jerry jesse jesus jim jimmy joachim joao
    joaquin joe joel johan johann johannes john johnny jon jonah jonas jonathan jorge jose josef joseph josh joshua
    juan julian julio julius jurgen justin kamal karim karl keith kelvin ken kenneth kenny kent kevin khalid khalil
    kieran kirk klaus konrad kurt kyle lance larry lars laurence lawrence leo leon leonard leonardo leroy lewis liam
    lloyd lorenzo louis lucas luigi luis luiz luke lyndon mahmoud malcolm manfred manuel marc marcel marco marcus
    mario mark marko marshall martin marvin massimo mathieu matt matteo matthew matthias maurice mauricio max maxim
    maximilian mehmet michael michel miguel mikael mike mikhail miles milton mitch mitchell mitt mohamed mohammad
    mohammed muhammad murray mustafa nabil narendra nasser nathan nathaniel neil nelson nicholas nick nico nicolas
    nigel nikolai nikolaos noah noel norman oliver omar oscar osvaldo otto owen pablo paolo pascal patrick paul
    paulo pedro per pete peter philip philippe phillip pierre pieter piotr pranab preston rafael rahul raj rajesh
    ralph ramon randall randy raphael rashid raul ray raymond reginald reince reinhard rex ricardo richard rick
    ricky rob robert roberto rod roderick rodney rodrigo roger roland rolf roman ron ronald ronnie ross roy ruben
    rudolf rudy rupert russell ryan saad salman salvatore sam samir samuel sanjay santiago saul scott sean sebastian
    selim sergei sergey sergio seth shane shaun shawn sheldon sidney silvio simon stanley stefan stefano stephen
    steve steven stuart sunil sven tariq ted terence terrence terry thaddeus theo theodore thierry thomas tim
    timothy tobias todd tom tommy tony travis trent trevor troy tyler ulrich umar uwe valentin valery vance vaughn
    victor vijay vincent vinod vitaly vladimir volker wade walid walter warren wayne werner wesley wilbur wilhelm
    will willard william willie wilson winston wolfgang xavier yaakov yasser yitzhak yusuf yves zachary zack zaid
    zbigniew zoltan
    """.split()
)

FEMALE = frozenset(
    """
    abby abigail ada adele adriana adrienne agatha agnes aisha alana alba alejandra alessandra alexa alexandra alice
    alicia alina alison allison alma alyssa amal amanda amara amber amelia amina amy ana anastasia andrea angela
    angelica angelina angelique angie anita ann anna annabel annalise anne annette annie antonia april ariana
    arianna arlene ashley asma astrid audrey aurora ayesha barbara beata beatrice beatriz becky belinda bella
    benazir bernadette beth bethany betsy betty beverly bianca bonnie brenda brianna bridget brigid brigitte britney
    brittany brooke caitlin camila camille candace candice carla carly carmela carmen carol carole carolina caroline
    carolyn cassandra catalina catherine cathy cecile cecilia celia celine chantal charity charlene charlotte
    chelsea cheryl chiara chloe christa christina christine christy cindy claire clara clarissa claudia colleen
    condoleezza connie constance consuelo cora courtney cristina cynthia dagmar daisy daniela danielle daphne daria
    darlene dawn debbie deborah debra deirdre delia delphine denise diana diane dianne dolly dolores donatella donna
    dora doris dorothy edith eileen elaine eleanor elena elisa elisabeth elise eliza elizabeth ella ellen eloise
    elsa elsie elvira emilia emily emma erica erika erin estelle esther eugenia eunice eva evelyn faith fanny farah
    fatima fatma felicity fernanda fiona flora florence frances francesca francine frida gabriela gabrielle gail
    gemma georgia geraldine gillian gina giovanna gisela giselle giulia gladys gloria grace greta gretchen gwen
    gwendolyn halima hanna hannah harriet hayley hazel heather heidi helen helena helga hermione hilary hilda
    hillary holly hope huma ida ilhan ilse imelda indira ines ingrid irene irina iris isabel isabella isabelle isla
    ivanka jackie jacqueline jade jana jane janet janice janine jasmine jeanette jeanne jeannie jenna jennifer jenny
    jessica jill joan joanna joanne jocelyn jolene josefina josephine joy joyce juanita judith judy julia juliana
    julianne julie juliet june justine kamala karen karin karla katarina kate katharina katherine kathleen kathryn
    kathy katie katja katrin katy kayla kellyanne kirsten kirstjen kristen kristin kristina lara larissa latoya
    laura lauren lea leah leila lena leticia lidia lila liliana lillian lilly lily lina linda lindsay lisa liz liza
    lois lorena loretta lori lorraine louise lourdes lucia lucille lucinda lucy luisa lydia lynn mabel madeleine
    madeline madison mae magdalena maggie malala mandy manuela marcela marcia margaret margarita margo maria mariam
    marian marianne marie marilyn marina marion marisa marisol marjorie marlene marsha marta martha martina mary
    maureen maxine maya megan megyn melania melanie melinda melissa mercedes meredith mia michaela michele michelle
    mildred mira miranda mireille miriam molly mona monica monique myra nadia nadine nancy naomi natalia natalie
    natasha nell nellie nia nicole nikki nina nisha noemi noor nora norma odette oksana olena olga olivia ophelia
    paige pamela patricia patsy patty paula pauline pearl peggy penelope penny petra phyllis pilar polly priscilla
    priti rachael rachel ramona rania raquel rebecca rebekah regina renata renee rhonda rita roberta rocio rosa
    rosalind rosario rose roseanne rosemary rosie roxana roxanne ruby ruth sabine sabrina sally salma samantha
    sandra sara sarah selena serena shannon sharon sheila shelley sherry sheryl shirin shirley silvia simone sinead
    sofia soledad sonia sonya sophia sophie stacey stacy stefanie stella stephanie susan susana susanna susanne
    suzanne suzy svetlana sylvia tamara tammy tanya tara tatiana teresa tess thelma theresa tiffany tina tonya
    tracey tracy trudy tulsi ulrike una ursula valentina valeria valerie vanessa vera veronica vicki vicky victoria
    viktoria violet virginia vivian wanda wendy whitney wilma yana yasmin yolanda yulia yvette yvonne zainab zara
    zelda zoe
    """.split()
)


def gender_of(given: str) -> str | None:
    """"m", "f" or None for a given name (case and accents as written are ignored)."""
    word = given.lower().strip(".,’'")
    if word in MALE:
        return "m"
    if word in FEMALE:
        return "f"
    return None
