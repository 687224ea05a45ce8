package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LossAgreementTest {

    @Test
    void findsTheFirstStepWhereTheCurvesPart() {
        double[] theirs = {0.70, 0.65, 0.60, 0.50, 0.40};
        double[] ours = {0.70, 0.6501, 0.60, 0.51, 0.40};
        LossAgreement agreement = LossAgreement.of(ours, theirs, 3, 0.01);
        assertEquals(5, agreement.steps());
        assertEquals(3, agreement.head());
        assertEquals(0.0001 / 0.65, agreement.maxRelativeInHead(), 1e-12);
        assertEquals(4, agreement.firstStepBeyond(), "0.51 against 0.50 is 2 %, the first beyond 1 %");
        assertEquals(0.02, agreement.maxRelative(), 1e-12);
    }

    @Test
    void identicalCurvesNeverPartAndTheShorterCurveSetsTheLength() {
        LossAgreement agreement = LossAgreement.of(new double[] {0.5, 0.4, 0.3}, new double[] {0.5, 0.4}, 20, 0.01);
        assertEquals(2, agreement.steps());
        assertEquals(2, agreement.head());
        assertEquals(0, agreement.firstStepBeyond());
        assertEquals(0.0, agreement.maxRelative());
    }

    @Test
    void refusesEmptyCurvesAndLossesThatAreNotFinite() {
        assertThrows(IllegalArgumentException.class, () -> LossAgreement.of(new double[0], new double[] {1}, 1, 0.01));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossAgreement.of(new double[] {0.5, Double.NaN}, new double[] {0.5, 0.4}, 1, 0.01));
        assertEquals("Step 2 has a loss that is not finite: NaN against 0.4", e.getMessage());
    }
}
